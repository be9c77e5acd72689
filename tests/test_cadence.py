"""The 月反馈 roll-up and the 季度通报 ranking, derived from scripted facts about units' items."""
from datetime import date

from workflows.cadence import ItemFact, circulation_names, interview_list, monthly_rollup, quarterly_ranking

Q3 = (date(2022, 7, 1), date(2022, 9, 30))


def fact(unit, seq, due, state="pending", submitted=None, kind="once"):
    return ItemFact(unit, seq, kind, due, state, submitted)


FACTS = [
    # 杨和镇: prompt — both Q3 items accepted before their dates, September's feedback answered
    fact("杨和镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 13)),
    fact("杨和镇", "28", date(2022, 9, 30), "accepted", date(2022, 9, 29)),
    fact("杨和镇", "", date(2022, 9, 25), "accepted", date(2022, 9, 23), kind="monthly-feedback"),
    # 李俊镇: late — row 28 accepted after its date; feedback never answered
    fact("李俊镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 14)),
    fact("李俊镇", "28", date(2022, 9, 30), "accepted", date(2022, 10, 10)),
    fact("李俊镇", "", date(2022, 9, 25), kind="monthly-feedback"),
    # 望远镇: silent — nothing answered
    fact("望远镇", "53", date(2022, 9, 15)),
    fact("望远镇", "28", date(2022, 9, 30)),
    # 望洪镇: blocked on row 28
    fact("望洪镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 15)),
    fact("望洪镇", "28", date(2022, 9, 30), "blocked"),
]


def test_the_monthly_rollup_says_who_answered_what_is_done_overdue_and_blocked():
    rows = {r.unit: r for r in monthly_rollup(FACTS, date(2022, 9, 1), date(2022, 9, 30))}
    assert (rows["杨和镇"].answered, rows["杨和镇"].done, rows["杨和镇"].overdue) == (True, 3, 0)
    assert (rows["李俊镇"].answered, rows["李俊镇"].done) == (False, 1)      # row 28 was accepted in October
    assert rows["望远镇"].overdue == 1                                      # row 53 (09-15); row 28 is due on the last day
    assert rows["望洪镇"].blocked == 1


def test_the_quarterly_ranking_orders_units_by_on_time_rate_and_names_the_late_ones():
    ranking = quarterly_ranking(FACTS, *Q3)
    # rates: 杨和镇 3/3, 望洪镇 1/2, 李俊镇 1/3 (28 late, feedback unanswered), 望远镇 0/2
    assert [(r.unit, r.on_time, r.due) for r in ranking] == [
        ("杨和镇", 3, 3), ("望洪镇", 1, 2), ("李俊镇", 1, 3), ("望远镇", 0, 2)]
    assert circulation_names(ranking) == ["望洪镇", "李俊镇", "望远镇"]
    assert ranking[2].late == ("28", "月反馈")


def test_the_interview_list_takes_units_named_twice_or_ranked_last():
    ranking = quarterly_ranking(FACTS, *Q3)
    q2_names = ["李俊镇"]
    assert set(interview_list([q2_names, circulation_names(ranking)], ranking)) == {"李俊镇", "望远镇"}


def test_year_end_scores_deduct_traceably_and_weight_the_result():
    from workflows.cadence import ScoreRules, year_end_scores
    facts = FACTS + [ItemFact("杨和镇", "17", "once", date(2022, 11, 30), "accepted", date(2022, 11, 28), returns=1)]
    sent = {"2022Q3": circulation_names(quarterly_ranking(FACTS, *Q3))}
    scores = {s.unit: s for s in year_end_scores(facts, 2022, sent, ScoreRules())}
    # 杨和镇: everything on time, one submission returned once → 100 − 1
    assert scores["杨和镇"].score == 99 and [d.reason for d in scores["杨和镇"].deductions] == ["提交被退回"]
    # 李俊镇: row 28 late (2), September's feedback missed (2), named in the Q3 circulation (5) → 91
    assert scores["李俊镇"].score == 91
    assert sorted((d.reason, d.seq) for d in scores["李俊镇"].deductions) == [
        ("2022Q3被通报", ""), ("未按时完成", "28"), ("未按时月反馈", "月反馈")]
    assert scores["李俊镇"].weighted == 3.64                       # 91 / 100 × 4 points
    unsent = {s.unit: s.score for s in year_end_scores(facts, 2022, {})}
    assert unsent["李俊镇"] == 96                                   # a draft nobody sent deducts nothing


def test_the_half_year_inspection_picks_the_weakest_units():
    from workflows.cadence import inspection_list
    weakest = inspection_list(FACTS, date(2022, 7, 1), date(2022, 10, 5), size=2)
    # on-time rates from 07-01 to 10-05: 望远镇 0/2 (both overdue, never acknowledged);
    # 李俊镇 1/3 — its late row 28 is done by now, so nothing is overdue, but the rate still ranks it second weakest
    assert [(e.unit, e.overdue, e.silent) for e in weakest] == [("望远镇", 2, 2), ("李俊镇", 0, 0)]
