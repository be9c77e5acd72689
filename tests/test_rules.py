"""A plan's own rules: read from the office's YAML, checked key by key, stored, and obeyed by reminders and reports."""
import pytest
import yaml
from openpyxl import load_workbook

from workflows.ladder import Ladder
from workflows.rules import RulesError, parse_rules

from tests.conftest import EXAMPLES
from tests.test_cli_store import run

YONGNING = EXAMPLES / "yongning-2022"


def test_a_rules_file_changes_only_what_it_names():
    rules = parse_rules({"ladder": {"overdue_leader": 5}, "scores": {"weight": 6}})
    assert rules.ladder == Ladder(days_before=(7, 3), overdue_liaisons=1, overdue_leader=5)
    assert rules.scores.weight == 6 and rules.scores.base == 100 and rules.rectification_workdays == 10
    assert parse_rules({"ladder": {"repeat_overdue_days": 14}}).ladder.repeat_overdue_days == 14   # fortnightly
    again = parse_rules({"rectification_workdays": 5}, rules)       # a second file builds on what is stored
    assert again.ladder.overdue_leader == 5 and again.rectification_workdays == 5


@pytest.mark.parametrize("data, key", [
    ({"ladder": {"days_befor": [7]}}, "ladder.days_befor"),
    ({"ladder": {"days_before": 7}}, "ladder.days_before"),
    ({"ladder": {"days_before": [7, 0]}}, "ladder.days_before"),
    ({"ladder": {"overdue_liaisons": 3, "overdue_leader": 2}}, "ladder.overdue_leader"),
    ({"scores": {"per_late_item": "two"}}, "scores.per_late_item"),
    ({"scores": {"base": 0}}, "scores.base"),
    ({"rectification_workdays": 2.5}, "rectification_workdays"),
    ({"ladder": {"repeat_overdue_days": 0}}, "ladder.repeat_overdue_days"),
    ({"escalation": {}}, "escalation"),
    (["ladder"], "规则文件"),
])
def test_a_bad_rule_is_refused_with_its_key_named(data, key):
    with pytest.raises(RulesError, match=key.replace(".", r"\.")):
        parse_rules(data)


def test_the_office_sets_a_plans_rules_and_the_reports_and_notices_follow_them(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    status, shown, _ = run(capsys, "rules")
    assert status == 0 and yaml.safe_load(shown.split("\n", 1)[1])["scores"]["weight"] == 4   # the defaults

    bad = tmp_path / "错.yaml"
    bad.write_text("scores:\n  wieght: 10\n", encoding="utf-8")
    status, _, error = run(capsys, "rules", "--file", str(bad))
    assert status == 2 and "错.yaml" in error and "scores.wieght" in error
    good = tmp_path / "规则.yaml"
    good.write_text("scores:\n  weight: 10\n  per_late_item: 3\nrectification_workdays: 5\n"
                    "doc_number:\n  notice: 永政办整〔{year}〕{number}号\n", encoding="utf-8")
    status, printed, _ = run(capsys, "rules", "--file", str(good))
    saved = yaml.safe_load(printed.split("\n", 1)[1])
    assert status == 0 and saved["scores"]["weight"] == 10 and saved["ladder"]["days_before"] == [7, 3]

    scores_file = tmp_path / "考评.xlsx"
    assert run(capsys, "report", "year-end", "--period", "2022", "--out", str(scores_file))[0] == 0
    book = load_workbook(scores_file)
    late = [r[4].value for r in book["扣分明细"].iter_rows(min_row=2) if r[1].value == "未按时完成"]
    assert late and set(late) == {3}
    table = [[c.value for c in r] for r in book.active.iter_rows(min_row=int(book.active.freeze_panes[1:]))]
    assert all(row[3] == round(row[2] / 100 * 10, 2) for row in table)     # weighted at the plan's 10 points

    notice = tmp_path / "整改通知书.docx"
    status, printed, _ = run(capsys, "notice", "--unit", "县司法局", "--items", "17", "--problem", "未公开",
                             "--out", str(notice))
    assert status == 0 and _due_after_workdays(printed, 5)
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from docx import Document
    number = [p.text for p in Document(notice).paragraphs if p.text][1]          # the 文号 line, under the office
    assert number == f"永政办整〔{datetime.now(ZoneInfo('Asia/Shanghai')).year}〕1号"


def _due_after_workdays(printed: str, workdays: int) -> bool:
    import re
    from datetime import date, datetime
    from zoneinfo import ZoneInfo
    from importers.calendar_data import load_calendar
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    due = date.fromisoformat(re.search(r"整改期限 (\d{4}-\d{2}-\d{2})", printed).group(1))
    return due == load_calendar().add_workdays(today, workdays).date


def test_the_office_sets_who_is_named_and_picked_and_a_bad_value_is_refused_by_its_key():
    rules = parse_rules({"naming": {"overdue_workdays": 3, "late_items": 2, "interview_rate": 0.5}})
    assert (rules.naming.overdue_workdays, rules.naming.late_items, rules.naming.interview_rate) == (3, 2, 0.5)
    assert (rules.naming.interview_circulations, rules.naming.inspection_size) == (2, 5)      # the defaults
    for data, key in (({"naming": {"interview_rate": 60}}, "naming.interview_rate"),
                      ({"naming": {"late_item": 2}}, "naming.late_item"),
                      ({"doc_number": {"notice": "永政办整〔{yr}〕{number}号"}}, "doc_number.notice")):
        with pytest.raises(RulesError, match=key.replace(".", r"\.")):
            parse_rules(data)
