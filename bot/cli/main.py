"""The `duban` command line: one parser; each command a function in bot.cli.days, bot.cli.files (no database, no
chat) or bot.cli.commands, imported once the arguments are parsed."""
import argparse
import contextlib
import functools
import importlib
import sys
from datetime import date

from bot import messages as m
from bot.config import load_settings
from bot.logs import guard_process, redact
from importers import unreadable
from store import audit_key
from workflows.errors import UserError
from workflows.period_words import report_kind
from workflows.rectification import DEFAULT_WORKDAYS


class ChineseHelp(argparse.HelpFormatter):
    """Placeholders of options in Chinese (--unit 单位), as argparse.MetavarTypeHelpFormatter renames them."""

    def _get_default_metavar_for_optional(self, action) -> str:
        return m.CLI_PLACEHOLDERS.get(action.dest, action.dest.upper())


class ChineseParser(argparse.ArgumentParser):
    """Every parser of `duban`, its subcommands' too (they are made of the parent's class), writes help this way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=ChineseHelp, **kwargs)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(m.CLI_BAD_DATE.format(text=text))


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(m.CLI_BAD_NUMBER.format(text=text))


CALENDAR_HELP = "本地节假日文件（YAML），也可用环境变量 DUBAN_CALENDAR_FILE"
PLAN_FILE_HELP = "工作要点文件：Word、Excel、CSV 或文本"
ROSTER_HELP = "单位名册（YAML 或 Excel）"
STORED_PLAN_HELP = "已导入计划的编号，或导入时的文件（默认：最近导入的计划）"


def _plan_options(parser):
    parser.add_argument("--plan-year", type=_number, help="计划年度（覆盖文中所写）")
    parser.add_argument("--issued", type=_day, help="印发日期 YYYY-MM-DD（覆盖文中所写）")
    parser.add_argument("--issuer", help="印发机关（覆盖文中所写）")
    parser.add_argument("--doc-number", help="文号（覆盖文中所写）")
    parser.add_argument("--calendar", help=CALENDAR_HELP)
    parser.add_argument("--columns", action="append", default=[], metavar="栏目=表头", help=m.COLUMNS_HELP)


def _calendar_commands(commands_):
    calendar = _actions(commands_.add_parser("calendar", help="工作日日历"))
    add = calendar.add_parser("add", help="某日之后第N个工作日（或自然日）")
    add.add_argument("date", type=_day, metavar="日期", help="起算日期 YYYY-MM-DD")
    add.add_argument("n", type=_number, metavar="天数", help="向后数的工作日（或 --days 时的自然日）")
    add.add_argument("--days", action="store_true", help="按自然日计算")
    add.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    add.add_argument("--calendar", help=CALENDAR_HELP)
    add.set_defaults(run="days.calendar_add")
    covers = calendar.add_parser("covers", help="是否已收录某年度的节假日安排")
    covers.add_argument("year", type=_number, metavar="年度", help="如 2027")
    covers.add_argument("--calendar", help=CALENDAR_HELP)
    covers.set_defaults(run="days.calendar_covers")


def _plan_commands(commands_):
    plan = _actions(commands_.add_parser("plan", help="工作要点"))
    check = plan.add_parser("check", help="检查任务表：每行的责任单位、完成时限和问题")
    check.add_argument("plan", metavar="计划文件", help=PLAN_FILE_HELP)
    check.add_argument("--roster", help=ROSTER_HELP + "；不给则按文中写法显示单位")
    check.add_argument("--format", choices=("table", "json"), default="table", help="输出格式（默认 table）")
    _plan_options(check)
    check.set_defaults(run="files.plan_check")
    export = plan.add_parser("export", help="导出审核表（xlsx）：原表加上督办的理解，改正后可重新导入")
    export.add_argument("plan", metavar="计划文件", help=PLAN_FILE_HELP)
    export.add_argument("--roster", help=ROSTER_HELP)
    export.add_argument("--out", required=True, help="审核表（.xlsx）")
    _plan_options(export)
    export.set_defaults(run="files.plan_export")

    imported = commands_.add_parser("import", help="导入工作要点并生成到期事项（存入数据库）")
    imported.add_argument("plan", metavar="计划文件", help=PLAN_FILE_HELP + "，或改正后的审核表")
    imported.add_argument("--roster", required=True, help=ROSTER_HELP)
    imported.add_argument("--feedback-day", type=_number, default=25, help="月反馈日（默认每月25日）")
    imported.add_argument("--roll-to", type=_number, metavar="年度",
                          help="把上一年度的计划作为本年度模板：完成时限顺延到该年度")
    _plan_options(imported)
    imported.set_defaults(run="commands.import_plan")

    due = commands_.add_parser("due", help="各单位的到期事项（给出 --plan 和 --roster 时直接读文件，否则读数据库）")
    due.add_argument("--plan", help="有 --roster 时：计划文件；否则：" + STORED_PLAN_HELP)
    due.add_argument("--roster", help=ROSTER_HELP + "（直接读计划文件时需要）")
    due.add_argument("--unit", help="单位名称（全称或文中简称）")
    due.add_argument("--from", dest="start", type=_day, help="起始日期 YYYY-MM-DD")
    due.add_argument("--to", dest="end", type=_day, help="截止日期 YYYY-MM-DD")
    due.add_argument("--format", choices=("table", "json"), default="table", help="输出格式（默认 table）")
    due.add_argument("--feedback-day", type=_number, default=25, help="月反馈日（默认每月25日）")
    _plan_options(due)
    due.set_defaults(run="files.due")


def _roster_commands(commands_):
    roster = _actions(commands_.add_parser("roster", help="单位名册"))
    export = roster.add_parser("export", help="把名册写成 YAML 或 Excel（按 --out 的扩展名）")
    export.add_argument("--roster", required=True, help=ROSTER_HELP)
    export.add_argument("--out", required=True, help="写出的文件（.yaml 或 .xlsx）")
    export.set_defaults(run="files.roster_export")
    imported = roster.add_parser("import", help="把名册（YAML 或 Excel）存入数据库")
    imported.add_argument("file", metavar="名册文件", help=ROSTER_HELP)
    imported.set_defaults(run="commands.roster_import")


def _report_kind(word: str) -> str:
    kind = "circulate" if word.strip() in ("circulate", "印发") else report_kind(word)
    if kind is None:
        raise argparse.ArgumentTypeError(m.CLI_NO_SUCH_REPORT.format(word=word))
    return kind


def _role(word: str) -> str:
    role = m.ROLE_WORDS.get(word.strip().upper())
    if role is None:
        raise argparse.ArgumentTypeError(m.CLI_NO_SUCH_ROLE.format(word=word))
    return role


def _actions(parser):
    return parser.add_subparsers(dest="action", required=True, metavar="操作", help="要执行的操作")


def _report_commands(commands_):
    report = commands_.add_parser("report",
                                  help="周报（png）、月反馈汇总（xlsx）、季度通报草稿（docx）、半年督查（xlsx）、"
                                       "年底考评（xlsx）；circulate：审定并印发季度通报")
    report.add_argument("kind", type=_report_kind, metavar="类型",
                        help="周报、月反馈、季度通报、半年督查、年底考评、年度报告（或 weekly、monthly…、annual），"
                             "circulate：印发季度通报")
    report.add_argument("--plan", help=STORED_PLAN_HELP)
    report.add_argument("--period", default="",
                        help="报告期，如 2022年6月、2022年第二季度、上月、2022-W47、2022Q3、2022；"
                             "不写则为最近一期")
    report.add_argument("--out", help="报告文件（circulate 不需要；年度报告另在同名 .docx 写出报告框架）")
    report.set_defaults(run="commands.report")


def _notice_command(commands_):
    notice = commands_.add_parser("notice", help="下发整改通知书（docx），并作为督办事项跟踪")
    notice.add_argument("--unit", required=True, help="被通知的单位（全称或简称）")
    notice.add_argument("--items", required=True, help="涉及事项的序号，如 3,5")
    notice.add_argument("--problem", required=True, help="发现的问题")
    notice.add_argument("--workdays", type=_number,
                        help=f"整改期限（工作日；默认按计划规则，未设为{DEFAULT_WORKDAYS}）")
    notice.add_argument("--plan", help=STORED_PLAN_HELP)
    notice.add_argument("--out", required=True, help="整改通知书（.docx）")
    notice.set_defaults(run="commands.notice")


def _rules_command(commands_):
    rules = commands_.add_parser("rules",
                                 help="计划的督办规则（提醒梯度、考评扣分、整改期限）：查看，或用 YAML 文件修改")
    rules.add_argument("--plan", help=STORED_PLAN_HELP)
    rules.add_argument("--file", help="规则文件（YAML）：只写要改的项，其余保持不变")
    rules.set_defaults(run="commands.plan_rules")


def _annual_commands(commands_):
    annual = _actions(commands_.add_parser("annual",
                                           help="政府信息公开工作年度报告：单位的统计表模板，存入单位报回的统计表"))
    template = annual.add_parser("template", help="某单位的统计表模板（xlsx），已知的上年结转、现行有效件数已填入")
    template.add_argument("--unit", required=True, help="单位名称（全称或简称）")
    template.add_argument("--plan", help=STORED_PLAN_HELP)
    template.add_argument("--out", required=True, help="统计表模板（.xlsx）")
    template.set_defaults(run="commands.annual_template")
    load = annual.add_parser("load",
                             help="校验并存入单位报回的统计表（如上年度的数据）；本年度的通过校验即提交该单位的年度报告事项")
    load.add_argument("file", metavar="统计表", help="单位报回的统计表（.xlsx）")
    load.add_argument("--plan", help=STORED_PLAN_HELP)
    load.set_defaults(run="commands.annual_load")


def _export_commands(commands_):
    export = _actions(commands_.add_parser("export", help="导出文件"))
    ledger = export.add_parser("ledger", help="工作台账（xlsx）：计划各列加状态、完成日期、佐证和审核")
    ledger.add_argument("--plan", help=STORED_PLAN_HELP)
    ledger.add_argument("--unit", help="只导出一个单位")
    ledger.add_argument("--out", required=True, help="台账文件（.xlsx）")
    ledger.set_defaults(run="commands.export_ledger")


def _store_commands(commands_):
    db = _actions(commands_.add_parser("db", help="数据库"))
    db.add_parser("upgrade", help="建表或升级到当前版本").set_defaults(run="commands.db_upgrade")
    audit = _actions(commands_.add_parser("audit", help="审计记录（留痕）"))
    verify = audit.add_parser("verify", help="校验审计链是否完整")
    verify.add_argument("--against", help="报表或导出文件上印的留痕锚点「条数:哈希」：证明留痕仍含当时的全部记录")
    verify.set_defaults(run="commands.audit_verify")
    export = audit.add_parser("export", help="导出审计记录")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="格式（默认 csv）")
    export.add_argument("--out", help="写入文件（默认输出到屏幕）")
    export.set_defaults(run="commands.audit_export")
    backup = commands_.add_parser("backup", help="备份数据库")
    backup.add_argument("--out", required=True, help="备份文件")
    backup.set_defaults(run="commands.backup")
    restore = commands_.add_parser("restore", help="用备份替换当前数据库")
    restore.add_argument("file", metavar="备份文件", help="duban backup 写出的文件")
    restore.set_defaults(run="commands.restore")


def _bot_commands(commands_):
    run = commands_.add_parser("run",
                               help="启动机器人（轮询）并每分钟排程、发送；未设置 TELEGRAM_BOT_TOKEN 时在本机演示")
    run.add_argument("--role", choices=("all", "receiver", "scheduler", "sender"),
                     help="多进程部署（PostgreSQL）时本进程的角色：接收消息、排程（自动选出一个）或发送；默认全部")
    run.add_argument("--webhook", action="store_true", help="用 webhook 接收消息（需 --listen 和 --url）")
    run.add_argument("--listen", default="127.0.0.1:8443",
                     help="webhook 监听地址（默认 127.0.0.1:8443，放在 HTTPS 反向代理之后）")
    run.add_argument("--url", help="webhook 的公网地址，如 https://duban.example.gov.cn")
    run.add_argument("--year", type=_number, help="演示：把永宁县2022年计划顺延到该年度（默认2022）")
    run.add_argument("--port", type=_number, default=8765, help="演示：网页聊天的端口（默认8765）")
    run.add_argument("--console", metavar="地址:端口",
                     help="同时开启网页控制台，如 127.0.0.1:8080（放在 HTTPS 反向代理之后；"
                          "演示时默认为网页聊天的端口加1）")
    run.set_defaults(run="commands.run")
    simulate = commands_.add_parser("simulate",
                                    help="试运行：按天快进，列出每天会发给谁什么，统计每人每周消息数，写出报告")
    simulate.add_argument("--plan", required=True, help=PLAN_FILE_HELP)
    simulate.add_argument("--roster", required=True, help=ROSTER_HELP)
    simulate.add_argument("--from", dest="start", required=True, type=_day, help="起始日期 YYYY-MM-DD")
    simulate.add_argument("--to", dest="end", required=True, type=_day, help="截止日期 YYYY-MM-DD")
    simulate.add_argument("--behaviour", help="各单位的办理习惯（YAML：default 和 units，取值 prompt、late、silent）")
    simulate.add_argument("--out", default="simulation", help="报告文件写入的目录（默认 ./simulation）")
    simulate.add_argument("--calendar", help=CALENDAR_HELP)
    simulate.set_defaults(run="commands.simulate_plan")
    commands_.add_parser("tick", help="执行一轮排程和发送后退出（用于 cron）").set_defaults(run="commands.tick")
    invite = commands_.add_parser("invite", help="生成一次性邀请链接")
    invite.add_argument("--unit", help="单位名称（管理员可不填）")
    invite.add_argument("--role", required=True, type=_role,
                        help="联络员（即A岗）、B岗、分管领导、观察员、管理员"
                             "（或 liaison-a、liaison-b、leader、observer、admin）")
    invite.set_defaults(run="commands.invite")


def _check_commands(commands_):
    check = _actions(commands_.add_parser("check", help="核验佐证"))
    evidence = check.add_parser("evidence",
                                help="打开链接或读取文件，检查能否打开、有无未遮掩的身份证号、手机号、银行卡号")
    evidence.add_argument("target", metavar="文件或链接", help="http(s) 链接，或 .docx、.xlsx、.pdf、.txt、.csv 文件")
    evidence.set_defaults(run="check.check_evidence")


def _console_commands(commands_):
    console = _actions(commands_.add_parser("console", help="网页控制台"))
    user = _actions(console.add_parser("user", help="控制台账号"))
    add = user.add_parser("add", help="建立控制台账号（密码输入两次）")
    add.add_argument("name", metavar="账号", help="账号名，如 王主任")
    add.add_argument("--role", required=True, choices=("admin", "observer"),
                     help="admin：管理员；observer：观察员，只读")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行），供脚本使用")
    add.set_defaults(run="commands.console_user_add")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="duban", description="督办：政务公开工作要点的到期事项与提醒")
    commands_ = parser.add_subparsers(dest="command", required=True, metavar="命令", help="要执行的命令")
    _calendar_commands(commands_)
    _plan_commands(commands_)
    _store_commands(commands_)
    _roster_commands(commands_)
    _export_commands(commands_)
    _annual_commands(commands_)
    _report_commands(commands_)
    _notice_command(commands_)
    _rules_command(commands_)
    _bot_commands(commands_)
    _check_commands(commands_)
    _console_commands(commands_)
    return parser


@contextlib.contextmanager
def _argparse_in_chinese():
    """argparse's own words (usage, headings, its errors) from the catalogue. argparse looks its `_` up each time
    it speaks, and Python ships no Chinese catalogue for it; the English one is put back afterwards."""
    english = argparse._
    argparse._ = lambda text: m.ARGPARSE.get(text, text)
    try:
        yield
    finally:
        argparse._ = english


def _command(name: str):
    """The function a command runs, "module.function" of bot.cli: its module, and what that imports, is loaded only
    now, once the arguments are parsed (a command imports what it uses)."""
    module, function = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"bot.cli.{module}"), function)


def main(argv: list[str] | None = None) -> int:
    guard_process()
    with _argparse_in_chinese():
        args = build_parser().parse_args(argv)
    args.settings = functools.cache(load_settings)     # read once, when the command first needs it
    audit_key.use_key(lambda: args.settings().audit_key())     # read when a command first writes the trail
    try:
        return _command(args.run)(args)
    except UserError as error:       # anything else is a defect: its traceback shows where
        print(redact(m.FILE_ERROR.format(error=error)), file=sys.stderr)
    except (OSError, UnicodeDecodeError) as error:     # a file named on the command line, or an --out folder
        failed = m.CLI_FILE_FAILED.format(file=getattr(error, "filename", None) or "", reason=unreadable.reason(error))
        print(redact(m.FILE_ERROR.format(error=failed)), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
