"""The duban command line, end to end, as a newcomer runs it from the README."""
import json
import subprocess
import sys

import pytest

from bot.cli.main import main
from tests.conftest import EXAMPLES, SAMPLES


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def sample_args(name):
    return [str(EXAMPLES / name / "plan.txt"), "--roster", str(EXAMPLES / name / "roster.yaml")]


def test_calendar_add_counts_working_days_over_national_day(capsys):
    assert run(capsys, "calendar", "add", "2022-09-29", "3") == (0, "2022-10-09\n", "")
    assert run(capsys, "calendar", "add", "2022-09-29", "3", "--days")[1] == "2022-10-02\n"
    status, out, _ = run(capsys, "calendar", "add", "2026-12-30", "3", "--format", "json")
    assert json.loads(out) == {"date": "2027-01-04", "provisional": True}


def test_calendar_covers_says_whether_a_year_is_official(capsys):
    status, out, _ = run(capsys, "calendar", "covers", "2026")
    assert status == 0 and "已收录" in out
    status, out, _ = run(capsys, "calendar", "covers", "2027")
    assert status == 1 and "未收录" in out


def test_a_local_calendar_file_from_the_environment_is_used(capsys, tmp_path, monkeypatch):
    local = tmp_path / "cal.yaml"
    local.write_text("2027:\n  source: 国办发明电〔2026〕测试\n  holidays: [2027-01-01]\n", encoding="utf-8")
    monkeypatch.setenv("DUBAN_CALENDAR_FILE", str(local))
    assert run(capsys, "calendar", "covers", "2027")[0] == 0
    assert json.loads(run(capsys, "calendar", "add", "2026-12-31", "1", "--format", "json")[1]) == {
        "date": "2027-01-04", "provisional": False}


@pytest.mark.parametrize("sample", SAMPLES)
def test_plan_check_of_each_sample_reports_no_errors(capsys, sample):
    status, out, _ = run(capsys, "plan", "check", *sample_args(sample), "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert len(report["rows"]) == {"yongning-2022": 54, "zhongwei-2022": 44, "xingqing-xinfang-2022": 17}[sample]


def test_plan_check_fails_and_names_the_row_when_a_cell_is_not_understood(capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("2022年测试局政务公开工作要点\n序号\t重点任务\t具体措施\t责任部门\t量化指标\t完成时限\n"
                    "1\t加强公开\t做好公开\t市司法局\t查看网站\t明年春天\n"
                    "2\t\t做好解读\t市档案馆\t查看网站\t2022年10月底\n", encoding="utf-8")
    status, out, _ = run(capsys, "plan", "check", str(plan), "--roster",
                         str(EXAMPLES / "zhongwei-2022" / "roster.yaml"))
    assert status == 1
    assert "[错误] 第1行「完成时限」" in out and "明年春天" in out
    assert "[错误] 第2行「责任单位」" in out and "市档案馆" in out


def test_plan_check_without_a_roster_reports_units_as_written(capsys):
    status, out, _ = run(capsys, "plan", "check", str(EXAMPLES / "zhongwei-2022" / "plan.txt"))
    assert status == 0 and "「各县（区），市审批服务管理局牵头，其他部门配合」" in out


def test_due_for_a_unit_named_as_the_plan_writes_it(capsys):
    status, out, _ = run(capsys, "due", "--plan", *sample_args("yongning-2022"), "--unit", "县审批局",
                         "--format", "json")
    items = json.loads(out)
    assert status == 0 and {i["unit"] for i in items} == {"永宁县审批服务管理局"}
    # rows 1 and 41 name 县审批局 (11月, 6月); 各部门（单位） rows bring the rest
    row_41 = next(i for i in items if i["seq"] == "41")
    assert {"seq": "41", "due": "2022-06-30", "kind": "once"}.items() <= row_41.items()
    assert set(items[0]) == {"unit", "seq", "row", "kind", "due", "provisional", "deadline_text", "role", "detail"}


def test_due_table_groups_by_unit_with_chinese_headers(capsys):
    status, out, _ = run(capsys, "due", "--plan", *sample_args("xingqing-xinfang-2022"),
                         "--from", "2022-06-01", "--to", "2022-06-30")
    assert status == 0
    assert "■ 办公室" in out and "■ 接访大厅" in out and "到期日" in out and "月反馈" in out


def test_due_refuses_an_unknown_unit_and_a_missing_file_in_one_line(capsys):
    status, _, err = run(capsys, "due", "--plan", *sample_args("yongning-2022"), "--unit", "县档案馆")
    assert status == 2 and "县档案馆" in err
    status, _, err = run(capsys, "due", "--plan", "nowhere.txt", "--roster", "nowhere.yaml")
    assert status == 2 and "nowhere.txt" in err and err.count("\n") == 1


def test_the_console_entry_point_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "calendar", "add", "2023-04-26", "10"],
                            capture_output=True, text=True, check=True)
    assert result.stdout == "2023-05-12\n"


def test_a_roster_converts_between_yaml_and_excel_without_loss(capsys, tmp_path):
    from importers.roster_file import load_roster
    source = EXAMPLES / "zhongwei-2022" / "roster.yaml"
    workbook, back = tmp_path / "名册.xlsx", tmp_path / "roster.yaml"
    assert run(capsys, "roster", "export", "--roster", str(source), "--out", str(workbook))[0] == 0
    assert run(capsys, "roster", "export", "--roster", str(workbook), "--out", str(back))[0] == 0
    assert load_roster(back) == load_roster(workbook) == load_roster(source)


def test_plan_check_suggests_roster_entries_for_unknown_units(capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("2022年测试局政务公开工作要点\n序号\t重点任务\t具体措施\t责任部门\t量化指标\t完成时限\n"
                    "1\t加强公开\t做好公开\t市档案馆、海原县、兴仁镇\t查看网站\t2022年10月底\n", encoding="utf-8")
    status, out, _ = run(capsys, "plan", "check", str(plan), "--roster",
                         str(EXAMPLES / "zhongwei-2022" / "roster.yaml"))
    assert status == 1
    assert "  - {name: 市档案馆, kind: department}" in out and "  - {name: 兴仁镇, kind: township}" in out
    assert "name: 海原县" not in out                                  # known: not suggested


def test_a_command_loads_only_what_it_uses(tmp_path):
    """`duban calendar add` and `duban plan check` answer at once: parsing loads neither Telegram, the charts, the
    database layer nor the demo, and the two commands load none of them either."""
    heavy = ("telegram", "matplotlib", "sqlmodel", "sqlalchemy", "bot.rehearsal.demo")
    probe = ("import sys\nfrom bot.cli.main import main\nstatus = main(sys.argv[1:])\n"
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    yongning = sample_args("yongning-2022")
    for argv in (["calendar", "add", "2022-09-29", "3"], ["plan", "check", *yongning]):
        done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, cwd=tmp_path)
        assert done.stdout.splitlines()[-1] == "[]", (argv, done.stderr)


def test_a_defect_shows_its_traceback_instead_of_passing_for_a_users_mistake(capsys, monkeypatch):
    from bot.cli import days
    status, _, err = run(capsys, "calendar", "add", "2022-09-29", "0")      # a user's mistake: one line in Chinese
    assert status == 2 and err.startswith("错误：要加的工作日数应至少为 1")

    def broken(args):
        return {}["a key the code forgot"]
    monkeypatch.setattr(days, "calendar_add", broken)
    with pytest.raises(KeyError):
        main(["calendar", "add", "2022-09-29", "3"])
