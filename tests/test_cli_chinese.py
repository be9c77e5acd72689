"""The command line in Chinese: help, usage and errors from the catalogue; `db upgrade`, `due --plan` and the
quarterly draft as an office worker at a terminal meets them; `duban run` never rehearses in production."""
import argparse
import json

import pytest

from bot.cli import commands
from bot.cli.main import _argparse_in_chinese, build_parser, main
from tests.conftest import EXAMPLES

YONGNING = EXAMPLES / "yongning-2022"
ENGLISH = ("usage:", "options:", "show this help", "error:", "required", "invalid", "No such file",
           "must be", "Invalid", "is not set")


def _said(capsys, *argv) -> tuple[int, str]:
    try:
        status = main(list(argv))
    except SystemExit as stopped:        # argparse's own exits: help, usage errors
        status = stopped.code
    out, err = capsys.readouterr()
    return status, out + err


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


@pytest.fixture
def sqlite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)          # no .env of the developer's
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'duban.sqlite3'}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DUBAN_NOW", "2022-10-10T10:00:00+08:00")
    return tmp_path


def test_every_command_and_option_explains_itself_in_chinese():
    with _argparse_in_chinese():     # as `main` builds and runs the parser
        helps = {parser.prog: (parser, parser.format_help()) for parser in _parsers(build_parser())}
    assert len(helps) > 25
    for prog, (parser, text) in helps.items():
        for action in parser._actions:
            assert action.help and not action.help.isascii(), (prog, action.dest)
        assert text.startswith("用法：") and "显示帮助并退出" in text and "options:" not in text, prog


@pytest.mark.parametrize("argv, chinese", [
    (["--help"], "用法：duban"),
    (["report", "weekly", "-h"], "--period 报告期"),
    ([], "缺少参数：命令"),
    (["calendar", "add", "2022-13-01", "3"], "'2022-13-01' 不是日期"),
    (["calendar", "add", "2022-10-01", "三"], "'三' 不是整数"),
    (["due", "--format", "xml"], "无效的选项 'xml'"),
    (["plan", "check", "没有这个文件.txt"], "没有这个文件.txt: 无法读取：文件或文件夹不存在"),
    (["roster", "import", "没有这个名册.yaml"], "没有这个名册.yaml：无法读取：文件或文件夹不存在"),
    (["report", "日报", "--out", "x.xlsx"], "'日报' 不是报告类型"),
    (["report", "monthly", "--period", "2022-13", "--out", "x.xlsx"], "'2022-13' 不是月反馈汇总的报告期"),
    (["report", "weekly", "--period", "2022-W60", "--out", "x.png"], "'2022-W60' 不是周报的报告期"),
    (["tick"], "未设置 TELEGRAM_BOT_TOKEN（机器人令牌）"),
    (["invite", "--unit", "县司法局", "--role", "科长"], "'科长' 不是角色"),
    (["calendar", "add", "2022-09-29", "0"], "要加的工作日数应至少为 1"),
])
def test_what_the_command_line_says_is_chinese(sqlite, capsys, argv, chinese):
    main(["db", "upgrade"])
    capsys.readouterr()
    status, said = _said(capsys, *argv)
    assert chinese in said and not any(word in said for word in ENGLISH), said
    assert status == (0 if "--help" in argv or "-h" in argv else 2)


def test_db_upgrade_on_a_new_database_says_it_created_the_schema(sqlite, capsys):
    status, said = _said(capsys, "db", "upgrade")
    assert status == 0 and said.startswith("已在新数据库中建表（版本 ")
    assert _said(capsys, "db", "upgrade")[1] == "数据库已是最新版本。\n"


def test_the_command_lines_quarterly_draft_names_the_command_lines_own_approval(sqlite, capsys):
    main(["db", "upgrade"])
    main(["import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml")])
    capsys.readouterr()
    status, said = _said(capsys, "report", "季度通报", "--out", str(sqlite / "通报.docx"))   # no period: Q3
    assert status == 0 and "（2022年第三季度，草稿）" in said
    assert "审定后运行 duban report circulate --period 2022Q3" in said and "/circulate" not in said
    status, said = _said(capsys, "report", "月反馈", "--period", "2022年9月", "--out", str(sqlite / "月.xlsx"))
    assert status == 0 and "月反馈汇总（2022年9月）" in said
    status, said = _said(capsys, "report", "年度报告", "--period", "2022年", "--out", str(sqlite / "年度报告.xlsx"))
    assert status == 0 and (sqlite / "年度报告.docx").is_file()


def test_due_lists_a_stored_plan_picked_by_plan_after_next_years_is_imported(sqlite, capsys):
    main(["db", "upgrade"])
    for roll in ([], ["--roll-to", "2023"]):
        main(["import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"), *roll])
    capsys.readouterr()
    latest = json.loads(_said(capsys, "due", "--unit", "县司法局", "--format", "json")[1])
    assert next(i for i in latest if i["seq"] == "52")["due"] == "2023-06-15"
    status, said = _said(capsys, "due", "--plan", "1", "--unit", "县司法局", "--format", "json")
    assert status == 0 and next(i for i in json.loads(said) if i["seq"] == "52")["due"] == "2022-06-15"
    status, said = _said(capsys, "due", "--plan", "7")
    assert status == 2 and "数据库中没有计划「7」" in said


class Rehearsals:
    """A stand-in for the browser demo: records that it was started instead of serving forever."""

    def __init__(self):
        self.started = []

    def __call__(self, settings, args) -> int:
        self.started.append(args.role)
        return 0


@pytest.mark.parametrize("argv", [["run", "--role", "sender"], ["run", "--role", "scheduler"], ["run", "--role", "all"],
                                  ["run", "--webhook", "--url", "https://duban.example.gov.cn"]])
def test_a_production_run_without_a_token_stops_with_an_error_and_never_starts_the_demo(sqlite, capsys,
                                                                                          monkeypatch, argv):
    rehearsals = Rehearsals()
    monkeypatch.setattr(commands, "_rehearse", rehearsals)
    status, said = _said(capsys, *argv)
    assert status != 0 and "未设置 TELEGRAM_BOT_TOKEN" in said and "不会启动本机演示" in said
    assert rehearsals.started == []


def test_plain_duban_run_without_a_token_is_the_rehearsal(sqlite, capsys, monkeypatch):
    rehearsals = Rehearsals()
    monkeypatch.setattr(commands, "_rehearse", rehearsals)
    assert _said(capsys, "run")[0] == 0 and rehearsals.started == [None]


def test_invite_at_the_command_line_takes_the_role_as_the_office_says_it(sqlite, capsys, monkeypatch):
    from sqlmodel import Session, create_engine, select
    from store.tables import InviteRow
    monkeypatch.setenv("DUBAN_BOT_USERNAME", "duban_bot")
    main(["db", "upgrade"])
    main(["import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml")])
    for word in ("B岗", "分管领导", "联络员"):
        status, said = _said(capsys, "invite", "--unit", "望洪镇", "--role", word)
        assert status == 0 and "https://t.me/duban_bot?start=" in said
    engine = create_engine(f"sqlite:///{sqlite / 'duban.sqlite3'}")
    with Session(engine) as session:
        assert list(session.exec(select(InviteRow.role).order_by(InviteRow.id))) == ["liaison-b", "leader", "liaison-a"]
    engine.dispose()
