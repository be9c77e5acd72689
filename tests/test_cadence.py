"""The judgements in the cadence reports, on scripted facts about Yongning's units in 2022's third quarter.

Working days used below: after Thursday 09-15 up to Friday 09-30 there are 11
(Monday 09-12 was the Mid-Autumn holiday, before them); after Sunday 09-25 up
to 09-30 there are 5; after 09-15 up to Tuesday 09-20 there are 3.
"""
from datetime import date

from workflows.cadence import FeedbackReply, ItemFact, ScoreRules, monthly_rollup, year_end_scores
from workflows.standing import AsOf, NamingRules, as_of, inspection_list, interviews, standings

Q3_FIRST, Q3_LAST = date(2022, 7, 1), date(2022, 9, 30)
AFTER_Q3 = as_of(Q3_LAST, date(2022, 10, 8))          # the draft's day: the first working day after National Day


def fact(unit, seq, due, state="pending", submitted=None, kind="once", moved_from=None):
    return ItemFact(unit, seq, kind, due, state, submitted, original_due=moved_from)


FACTS = [
    # 杨和镇: prompt — both Q3 items accepted before their dates, September's feedback answered
    fact("杨和镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 13)),
    fact("杨和镇", "28", date(2022, 9, 30), "accepted", date(2022, 9, 29)),
    fact("杨和镇", "", date(2022, 9, 25), "accepted", date(2022, 9, 23), kind="monthly-feedback"),
    # 李俊镇: row 28 accepted after the quarter; September's feedback never answered (5 working days by 09-30)
    fact("李俊镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 14)),
    fact("李俊镇", "28", date(2022, 9, 30), "accepted", date(2022, 10, 10)),
    fact("李俊镇", "", date(2022, 9, 25), kind="monthly-feedback"),
    # 望远镇: silent — row 53 11 working days overdue by the quarter's end
    fact("望远镇", "53", date(2022, 9, 15)),
    fact("望远镇", "28", date(2022, 9, 30)),
    # 望洪镇: blocked on row 28, the office has not approved it
    fact("望洪镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 15)),
    fact("望洪镇", "28", date(2022, 9, 30), "blocked"),
    # 闽宁镇: row 53 on an approved hold (not counted), row 28 never answered
    fact("闽宁镇", "53", date(2022, 9, 15), "held"),
    fact("闽宁镇", "28", date(2022, 9, 30)),
    # 县司法局: row 6 extended from 08-31 to 09-20 and done by then; row 53 done 3 working days late
    fact("县司法局", "6", date(2022, 9, 20), "accepted", date(2022, 9, 19), moved_from=date(2022, 8, 31)),
    fact("县司法局", "53", date(2022, 9, 15), "accepted", date(2022, 9, 20)),
]


def test_units_with_the_same_on_time_rate_share_a_place_and_ties_are_listed_by_overdue_days_not_by_name(calendar):
    ranking = standings(FACTS, Q3_FIRST, AFTER_Q3, calendar)
    assert [(r.unit, r.on_time, r.due, r.rank, r.tied) for r in ranking] == [
        ("杨和镇", 3, 3, 1, False),
        ("望洪镇", 1, 2, 2, True), ("县司法局", 1, 2, 2, True),     # 并列第2: 0 and 3 overdue working days
        ("李俊镇", 1, 3, 4, False),
        ("闽宁镇", 0, 1, 5, True), ("望远镇", 0, 2, 5, True)]       # 并列第5; the held row 53 is not counted


def test_an_approved_extension_is_judged_by_its_new_date(calendar):
    done_in_time = standings(FACTS, Q3_FIRST, AFTER_Q3, calendar)
    justice = next(r for r in done_in_time if r.unit == "县司法局")
    assert [x.seq for x in justice.late] == ["53"]              # row 6, done 09-19 against 09-20, is on time


def test_a_unit_is_named_only_by_the_offices_rule_with_the_items_and_days_that_put_it_there(calendar):
    ranking = {r.unit: r for r in standings(FACTS, Q3_FIRST, AFTER_Q3, calendar)}
    # default: an item more than 5 working days late, or 3 items a working day or more late
    assert [u for u, r in ranking.items() if r.named] == ["望远镇"]
    assert [(x.seq, x.workdays) for x in ranking["望远镇"].behind] == [("53", 11)]
    # 李俊镇 is late twice (row 28 after the quarter, the feedback 5 working days) but within the rule;
    # 县司法局's one item 3 working days late does not name it either
    assert not ranking["李俊镇"].named and not ranking["县司法局"].named
    stricter = {r.unit for r in standings(FACTS, Q3_FIRST, AFTER_Q3, calendar, NamingRules(overdue_workdays=2))
                if r.named}
    assert stricter == {"望远镇", "县司法局", "李俊镇"}


def test_interview_picks_the_last_by_overdue_days_among_tied_units_never_by_name(calendar):
    ranking = standings(FACTS, Q3_FIRST, AFTER_Q3, calendar)
    # 闽宁镇 and 望远镇 tie last at 0%; 望远镇 has 11 overdue working days, 闽宁镇 none
    picked = interviews({"2022Q3": ["望远镇"]}, ranking)
    assert [(i.unit, i.last) for i in picked] == [("望远镇", True)]
    # named in two circulations of the year
    picked = interviews({"2022Q2": ["李俊镇"], "2022Q3": ["李俊镇", "望远镇"]}, ranking)
    assert {i.unit: (i.circulations, i.last) for i in picked} == {
        "李俊镇": (("2022Q2", "2022Q3"), False), "望远镇": (("2022Q3",), True)}


def test_units_still_tied_for_last_after_the_stated_measure_are_all_listed(calendar):
    towns = ("杨和镇", "李俊镇", "望远镇", "望洪镇", "闽宁镇", "胜利乡")
    same = [fact(town, "28", date(2022, 9, 30)) for town in towns]      # all silent on the same item
    ranking = standings(same, Q3_FIRST, AFTER_Q3, calendar)
    assert {r.rank for r in ranking} == {1} and all(r.tied for r in ranking)
    assert sorted(i.unit for i in interviews({}, ranking)) == sorted(towns)
    # over the interview line (default 60%) nobody is picked for being last
    assert interviews({}, standings(FACTS[:3], Q3_FIRST, AFTER_Q3, calendar)) == []


def test_a_report_asked_before_its_period_ends_counts_only_deadlines_already_passed(calendar):
    mid_quarter = as_of(Q3_LAST, date(2022, 9, 20))
    assert mid_quarter == AsOf(date(2022, 9, 20), provisional=True)
    ranking = {r.unit: r for r in standings(FACTS, Q3_FIRST, mid_quarter, calendar)}
    assert (ranking["望远镇"].due, [(x.seq, x.workdays) for x in ranking["望远镇"].late]) == (1, [("53", 2)])
    assert "闽宁镇" not in ranking                 # its only counted item is due 09-30


def test_year_end_scores_asked_in_july_deduct_nothing_for_the_autumns_deadlines():
    facts = FACTS + [fact("杨和镇", "17", date(2022, 11, 30)), fact("杨和镇", "9", date(2022, 11, 25))]
    july = as_of(date(2022, 12, 31), date(2022, 7, 1))
    assert july.provisional
    scores = {s.unit: s for s in year_end_scores(facts, july.seen, {})}
    assert scores["杨和镇"].deductions == () and scores["望远镇"].deductions == ()
    year_end = {s.unit: s for s in year_end_scores(facts, as_of(date(2022, 12, 31), date(2023, 1, 3)).seen, {})}
    assert sorted(d.seq for d in year_end["杨和镇"].deductions) == ["17", "9"]


def test_year_end_scores_deduct_traceably_and_weight_the_result():
    facts = FACTS + [ItemFact("杨和镇", "17", "once", date(2022, 11, 30), "accepted", date(2022, 11, 28), returns=1)]
    seen = date(2023, 1, 1)
    scores = {s.unit: s for s in year_end_scores(facts, seen, {"2022Q3": ["李俊镇"]}, ScoreRules())}
    assert scores["杨和镇"].score == 99 and [d.reason for d in scores["杨和镇"].deductions] == ["提交被退回"]
    # 李俊镇: row 28 late (2), September's feedback missed (2), named in the Q3 circulation (5) → 91
    assert sorted((d.reason, d.seq) for d in scores["李俊镇"].deductions) == [
        ("2022年第三季度被通报", ""), ("未按时完成", "28"), ("未按时月反馈", "月反馈")]
    assert (scores["李俊镇"].score, scores["李俊镇"].weighted) == (91, 3.64)        # 91 / 100 × 4 points
    assert {s.unit: s.score for s in year_end_scores(facts, seen, {})}["李俊镇"] == 96   # no circulation sent


def test_the_monthly_rollup_carries_each_units_feedback_and_evidence():
    said = (FeedbackReply("杨和镇", "9月已在政府网站公开财政预决算信息", "http://www.nxyn.gov.cn/xxgk/zfxxgk/"),)
    rows = {r.unit: r for r in monthly_rollup(FACTS, date(2022, 9, 1), as_of(Q3_LAST, date(2022, 10, 8)).seen, said)}
    assert (rows["杨和镇"].answered, rows["杨和镇"].done, rows["杨和镇"].overdue) == (True, 3, 0)
    assert rows["杨和镇"].feedback.startswith("9月已在政府网站") and rows["杨和镇"].evidence.startswith("http://")
    assert (rows["李俊镇"].answered, rows["李俊镇"].done, rows["李俊镇"].feedback) == (False, 1, "")
    assert rows["望远镇"].overdue == 2                # 53 and 28: the month is over, 09-30 has passed
    assert (rows["望洪镇"].overdue, rows["望洪镇"].blocked) == (0, 1)     # blocked is apart, not also overdue


def test_the_half_year_inspection_takes_the_weakest_and_every_unit_tied_at_the_cut(calendar):
    weakest = inspection_list(FACTS, Q3_FIRST, AFTER_Q3, calendar, NamingRules(inspection_size=2))
    # 0%: 望远镇 (2 items overdue) before 闽宁镇 (1; its held row 53 is not overdue)
    assert [(e.unit, len(e.overdue), e.silent) for e in weakest] == [("望远镇", 2, 2), ("闽宁镇", 1, 1)]
    twin = FACTS + [fact("胜利乡", "53", date(2022, 9, 15)), fact("胜利乡", "28", date(2022, 9, 30))]
    tied = inspection_list(twin, Q3_FIRST, AFTER_Q3, calendar, NamingRules(inspection_size=1))
    assert sorted(e.unit for e in tied) == ["望远镇", "胜利乡"]          # same rate, items and days: both go

