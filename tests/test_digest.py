"""The weekly digest and the days the cadence reports go out."""
from datetime import date, timedelta

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
    def of(unit):
        return [f.seq for f in week_ahead([f for f in FACTS if f.unit == unit], MONDAY, MONDAY + timedelta(days=6))]
    assert of("县司法局") == ["6"]
    assert of("杨和镇") == []
    held = fact("望洪镇", "9", date(2022, 11, 24), "held")      # the office agreed it waits: not chased this week
    assert week_ahead([held, *FACTS], MONDAY, MONDAY + timedelta(days=6)) == (FACTS[1], FACTS[-1])
    # the blocked item stays listed
    assert not weekly_digest(FACTS, date(2022, 12, 26), date(2022, 12, 26), calendar).quiet


def test_each_report_goes_out_on_the_first_working_day_after_its_period(calendar):
    assert reports_on(MONDAY, calendar) == [ScheduledReport("weekly", "2022-W47")]
    assert reports_on(date(2022, 11, 22), calendar) == []
    # 2022-10-01…07 is National Day: September's reports wait for Saturday 10-08 (调休)
    assert reports_on(date(2022, 10, 3), calendar) == []
    assert reports_on(date(2022, 10, 8), calendar) == [
        ScheduledReport("monthly", "2022-09"), ScheduledReport("quarterly", "2022Q3")]
    assert ScheduledReport("half-year", "2022H1") in reports_on(date(2022, 7, 1), calendar)
    # 2023-01-02 is the New Year holiday's Monday: the year-end table goes out on Tuesday 01-03
    assert ScheduledReport("year-end", "2022") in reports_on(date(2023, 1, 3), calendar)


def test_one_digest_a_week_even_when_a_holiday_leaves_a_week_only_its_weekend_working_days(calendar):
    # week 40 works only on Saturday 10-08 and Sunday 10-09 (调休 after National Day): no digest of its own, so the
    # office does not get two in two days; Monday 10-10's digest (week 41) looks back over week 40
    digests = [day for day in (date(2022, 10, 1) + timedelta(days=n) for n in range(14))
               if any(r.kind == "weekly" for r in reports_on(day, calendar))]
    assert digests == [date(2022, 10, 10)]
    # 2023's Spring Festival: week 4 works only on 01-28 and 01-29 (Saturday, Sunday)
    assert [r for r in reports_on(date(2023, 1, 28), calendar) if r.kind == "weekly"] == []


def test_each_unit_gets_its_worst_light_on_the_digests_day(calendar):
    lights = weekly_digest(FACTS, MONDAY, YEAR, calendar).lights
    # 杨和镇: 28 overdue → red; 县司法局: 6 due Friday 11-25 is 4 working days ahead → green;
    # 望洪镇: its blocked item is apart, the rest on track → green
    assert lights == {"杨和镇": "red", "县司法局": "green", "望洪镇": "green"}
    assert unit_lights(FACTS, date(2022, 11, 23), calendar)["县司法局"] == "yellow"   # by Wednesday: 3 working days


def test_the_chart_colours_a_unit_by_its_light_so_the_best_unit_is_never_red(calendar):
    from documents.digest_chart import COLOURS, bar_colours
    facts = FACTS + [fact("李俊镇", "28", date(2022, 11, 15), "accepted", date(2022, 11, 17)),   # late, but done
                     fact("李俊镇", "53", date(2022, 9, 30), "accepted", date(2022, 10, 3))]
    digest = weekly_digest(facts, MONDAY, YEAR, calendar)
    rates = {r.unit: r for r in digest.rates}
    assert rates["李俊镇"].rate == 0 and max(digest.rates, key=lambda r: r.rate).unit == "县司法局"
    colours = dict(zip(rates, bar_colours(list(rates.values()), digest.lights)))
    assert colours["李俊镇"] == COLOURS["green"]          # 0% on time, nothing overdue now: green, as its light
    assert colours["杨和镇"] == COLOURS["red"] and colours["县司法局"] == COLOURS["green"]


def test_the_digest_lists_red_units_as_a_table_and_units_nobody_joined_apart():
    from bot.render.digest import digest_text
    from importers.calendar_data import load_calendar
    digest = weekly_digest(FACTS + [fact("望远镇", "28", date(2022, 11, 15))], MONDAY, YEAR, load_calendar())
    # 望远镇 is as late as 杨和镇, but nobody of it joined: it cannot have been reminded, so it is listed apart
    text = digest_text("【督办周报】2022-W47", digest, joined={"县司法局", "杨和镇", "望洪镇"})
    assert "红灯（有逾期）1 个单位：\n· 杨和镇　逾期 1 项，其中待办 1 项\n" in text
    unjoined = next(line for line in text.splitlines() if line.startswith("尚无联络员加入督办的单位"))
    assert unjoined.endswith("：望远镇") and "望远镇" not in text.split("尚无联络员")[0].split("本周到期")[0]
