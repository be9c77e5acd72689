"""The weekly digest and the days the cadence reports go out."""
from datetime import date

from workflows.cadence import ItemFact
from workflows.digest import unit_lights, week_ahead, weekly_digest
from workflows.report_schedule import ScheduledReport, reports_on

MONDAY = date(2022, 11, 21)            # ISO week 2022-W47
YEAR = date(2022, 1, 1)


def fact(unit, seq, due, state="pending", submitted=None, kind="once"):
    return ItemFact(unit, seq, kind, due, state, submitted)


FACTS = [
    fact("县司法局", "17", date(2022, 11, 30)),                                   # due next week: not this digest's
    fact("县司法局", "6", date(2022, 11, 25), "in_progress"),                     # due this week
    fact("县司法局", "53", date(2022, 9, 30), "accepted", date(2022, 9, 29)),     # on time, long ago
    fact("杨和镇", "28", date(2022, 11, 15)),                                     # became overdue last week, silent
    fact("杨和镇", "53", date(2022, 9, 30), "accepted", date(2022, 9, 28)),
    fact("杨和镇", "16", date(2022, 11, 18), "accepted", date(2022, 11, 17)),     # done last week, on time
    fact("望洪镇", "16", date(2022, 11, 18), "submitted", date(2022, 11, 18)),    # waiting for verification
    fact("望洪镇", "9", date(2022, 10, 31), "blocked"),
    fact("望洪镇", "", date(2022, 11, 25), kind="monthly-feedback"),             # the feedback round this week
]


def test_the_digest_looks_ahead_at_the_week_and_back_at_the_week_before(calendar):
    digest = weekly_digest(FACTS, MONDAY, YEAR, calendar)
    assert [(f.unit, f.seq) for f in digest.due_this_week] == [("县司法局", "6"), ("望洪镇", "")]
    assert [(f.unit, f.seq) for f in digest.newly_overdue] == [("杨和镇", "28")]
    assert [(f.unit, f.seq) for f in digest.newly_done] == [("杨和镇", "16")]
    assert [(f.unit, f.seq) for f in digest.waiting] == [("望洪镇", "16")]
    assert [(f.unit, f.seq) for f in digest.blocked] == [("望洪镇", "9")]


def test_on_time_rates_lead_with_the_weakest_unit_and_show_the_change_since_last_week(calendar):
    rates = {r.unit: r for r in weekly_digest(FACTS, MONDAY, YEAR, calendar).rates}
    # 杨和镇 by 11-20: 53 on time, 16 on time, 28 not → 2/3; by 11-13 only 53 was due → 1/1
    assert (rates["杨和镇"].on_time, rates["杨和镇"].due) == (2, 3)
    assert round(rates["杨和镇"].change, 3) == round(2 / 3 - 1, 3)
    # 望洪镇: 9 (blocked) and 16 (waiting) were due, neither accepted → 0/2; by 11-13 only 9 → 0/1
    assert (rates["望洪镇"].rate, rates["望洪镇"].change) == (0, 0)
    assert [r.unit for r in weekly_digest(FACTS, MONDAY, YEAR, calendar).rates][0] == "望洪镇"


def test_a_liaison_hears_of_the_week_ahead_only_when_something_is_due(calendar):
    assert [f.seq for f in week_ahead(FACTS, "县司法局", MONDAY)] == ["6"]
    assert week_ahead(FACTS, "杨和镇", MONDAY) == ()
    assert not weekly_digest(FACTS, date(2022, 12, 26), date(2022, 12, 26), calendar).quiet   # the blocked item stays listed


def test_each_report_goes_out_on_the_first_working_day_after_its_period(calendar):
    assert reports_on(MONDAY, calendar) == [ScheduledReport("weekly", "2022-W47")]
    assert reports_on(date(2022, 11, 22), calendar) == []
    # 2022-10-01…07 is National Day: week 40's digest and September's reports wait for Saturday 10-08 (调休)
    assert reports_on(date(2022, 10, 3), calendar) == []
    assert reports_on(date(2022, 10, 8), calendar) == [
        ScheduledReport("weekly", "2022-W40"), ScheduledReport("monthly", "2022-09"),
        ScheduledReport("quarterly", "2022Q3")]
    assert ScheduledReport("half-year", "2022H1") in reports_on(date(2022, 7, 1), calendar)
    # 2023-01-02 is the New Year holiday's Monday: the year-end table goes out on Tuesday 01-03
    assert ScheduledReport("year-end", "2022") in reports_on(date(2023, 1, 3), calendar)


def test_each_unit_gets_its_worst_light_on_the_digests_day(calendar):
    lights = weekly_digest(FACTS, MONDAY, YEAR, calendar).lights
    # 杨和镇: 28 overdue → red; 县司法局: 6 due Friday 11-25 is 4 working days ahead → green;
    # 望洪镇: its blocked item is apart, the rest on track → green
    assert lights == {"杨和镇": "red", "县司法局": "green", "望洪镇": "green"}
    assert unit_lights(FACTS, date(2022, 11, 23), calendar)["县司法局"] == "yellow"   # by Wednesday: 3 working days
