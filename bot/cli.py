"""The `duban` command line: one parser, each command a function in bot.commands."""
import argparse
import sys
from datetime import date

from bot import commands, messages as m
from bot.annual_report import ANNUAL, AnnualRefused
from bot.config import ConfigError
from bot.services import StoreError
from importers.calendar_data import CalendarFileError
from importers.plan_text import PlanTextError
from importers.roster_file import RosterError
from store.backup import BackupError
from store.db import SchemaError
from store.people import InviteError
from workflows.item_state import TransitionError
from workflows.rectification import DEFAULT_WORKDAYS
from workflows.report_schedule import KINDS


def _plan_options(parser):
    parser.add_argument("--plan-year", type=int, help="计划年度（覆盖文中所写）")
    parser.add_argument("--issued", type=date.fromisoformat, help="印发日期 YYYY-MM-DD（覆盖文中所写）")
    parser.add_argument("--issuer", help="印发机关（覆盖文中所写）")
    parser.add_argument("--doc-number", help="文号（覆盖文中所写）")
    parser.add_argument("--calendar", help="本地节假日文件（YAML），也可用环境变量 DUBAN_CALENDAR_FILE")
    parser.add_argument("--columns", action="append", default=[], metavar="栏目=表头", help=m.COLUMNS_HELP)


def _calendar_commands(commands_):
    calendar = commands_.add_parser("calendar", help="工作日日历").add_subparsers(dest="action", required=True)
    add = calendar.add_parser("add", help="某日之后第N个工作日（或自然日）")
    add.add_argument("date", type=date.fromisoformat)
    add.add_argument("n", type=int)
    add.add_argument("--days", action="store_true", help="按自然日计算")
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.add_argument("--calendar")
    add.set_defaults(run=commands.calendar_add)
    covers = calendar.add_parser("covers", help="是否已收录某年度的节假日安排")
    covers.add_argument("year", type=int)
    covers.add_argument("--calendar")
    covers.set_defaults(run=commands.calendar_covers)


def _plan_commands(commands_):
    plan = commands_.add_parser("plan", help="工作要点").add_subparsers(dest="action", required=True)
    check = plan.add_parser("check", help="检查任务表：每行的责任单位、完成时限和问题")
    check.add_argument("plan")
    check.add_argument("--roster")
    check.add_argument("--format", choices=("table", "json"), default="table")
    _plan_options(check)
    check.set_defaults(run=commands.plan_check)
    export = plan.add_parser("export", help="导出审核表（xlsx）：原表加上督办的理解，改正后可重新导入")
    export.add_argument("plan")
    export.add_argument("--roster")
    export.add_argument("--out", required=True)
    _plan_options(export)
    export.set_defaults(run=commands.plan_export)

    imported = commands_.add_parser("import", help="导入工作要点并生成到期事项（存入数据库）")
    imported.add_argument("plan")
    imported.add_argument("--roster", required=True)
    imported.add_argument("--feedback-day", type=int, default=25, help="月反馈日（默认每月25日）")
    imported.add_argument("--roll-to", type=int, metavar="YEAR", help="把上一年度的计划作为本年度模板：完成时限顺延到该年度")
    _plan_options(imported)
    imported.set_defaults(run=commands.import_plan)

    due = commands_.add_parser("due", help="各单位的到期事项（给出 --plan 时直接读文件，否则读数据库）")
    due.add_argument("--plan")
    due.add_argument("--roster")
    due.add_argument("--unit", help="单位名称（全称或文中简称）")
    due.add_argument("--from", dest="start", type=date.fromisoformat)
    due.add_argument("--to", dest="end", type=date.fromisoformat)
    due.add_argument("--format", choices=("table", "json"), default="table")
    due.add_argument("--feedback-day", type=int, default=25, help="月反馈日（默认每月25日）")
    _plan_options(due)
    due.set_defaults(run=commands.due)


def _roster_commands(commands_):
    roster = commands_.add_parser("roster", help="单位名册").add_subparsers(dest="action", required=True)
    export = roster.add_parser("export", help="把名册写成 YAML 或 Excel（按 --out 的扩展名）")
    export.add_argument("--roster", required=True)
    export.add_argument("--out", required=True)
    export.set_defaults(run=commands.roster_export)
    imported = roster.add_parser("import", help="把名册（YAML 或 Excel）存入数据库")
    imported.add_argument("file")
    imported.set_defaults(run=commands.roster_import)


def _report_commands(commands_):
    report = commands_.add_parser("report", help="周报（png）、月反馈汇总（xlsx）、季度通报草稿（docx）、半年督查（xlsx）、"
                                                 "年底考评（xlsx）；circulate：审定并印发季度通报")
    report.add_argument("kind", choices=(*KINDS, ANNUAL, "circulate"))
    report.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    report.add_argument("--period", required=True,
                        help="如 2022-W47（周）、2022-11（月）、2022Q3（季度）、2022H1（半年）、2022（年、年度报告）")
    report.add_argument("--out", help="报告文件（circulate 不需要；annual 另在同名 .docx 写出报告框架）")
    report.set_defaults(run=commands.report)


def _notice_command(commands_):
    notice = commands_.add_parser("notice", help="下发整改通知书（docx），并作为督办事项跟踪")
    notice.add_argument("--unit", required=True)
    notice.add_argument("--items", required=True, help="涉及事项的序号，如 3,5")
    notice.add_argument("--problem", required=True, help="发现的问题")
    notice.add_argument("--workdays", type=int, help=f"整改期限（工作日；默认按计划规则，未设为{DEFAULT_WORKDAYS}）")
    notice.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    notice.add_argument("--out", required=True)
    notice.set_defaults(run=commands.notice)


def _rules_command(commands_):
    rules = commands_.add_parser("rules", help="计划的督办规则（提醒梯度、考评扣分、整改期限）：查看，或用 YAML 文件修改")
    rules.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    rules.add_argument("--file", help="规则文件（YAML）：只写要改的项，其余保持不变")
    rules.set_defaults(run=commands.plan_rules)


def _annual_commands(commands_):
    annual = commands_.add_parser("annual", help="政府信息公开工作年度报告：单位的统计表模板，存入单位报回的统计表"
                                  ).add_subparsers(dest="action", required=True)
    template = annual.add_parser("template", help="某单位的统计表模板（xlsx），已知的上年结转、现行有效件数已填入")
    template.add_argument("--unit", required=True)
    template.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    template.add_argument("--out", required=True)
    template.set_defaults(run=commands.annual_template)
    load = annual.add_parser("load", help="校验并存入单位报回的统计表（如上年度的数据）；本年度的通过校验即提交该单位的年度报告事项")
    load.add_argument("file")
    load.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    load.set_defaults(run=commands.annual_load)


def _export_commands(commands_):
    export = commands_.add_parser("export", help="导出文件").add_subparsers(dest="action", required=True)
    ledger = export.add_parser("ledger", help="工作台账（xlsx）：计划各列加状态、完成日期、佐证和审核")
    ledger.add_argument("--plan", help="已导入计划的编号，或导入时的文件（默认：最近导入的计划）")
    ledger.add_argument("--unit", help="只导出一个单位")
    ledger.add_argument("--out", required=True)
    ledger.set_defaults(run=commands.export_ledger)


def _store_commands(commands_):
    db = commands_.add_parser("db", help="数据库").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="建表或升级到当前版本").set_defaults(run=commands.db_upgrade)
    audit = commands_.add_parser("audit", help="审计记录（留痕）").add_subparsers(dest="action", required=True)
    audit.add_parser("verify", help="校验审计链是否完整").set_defaults(run=commands.audit_verify)
    export = audit.add_parser("export", help="导出审计记录")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", help="写入文件（默认输出到屏幕）")
    export.set_defaults(run=commands.audit_export)
    backup = commands_.add_parser("backup", help="备份数据库")
    backup.add_argument("--out", required=True)
    backup.set_defaults(run=commands.backup)
    restore = commands_.add_parser("restore", help="用备份替换当前数据库")
    restore.add_argument("file")
    restore.set_defaults(run=commands.restore)


def _bot_commands(commands_):
    run = commands_.add_parser("run", help="启动机器人（轮询）并每分钟排程、发送；未设置 TELEGRAM_BOT_TOKEN 时在本机演示")
    run.add_argument("--role", choices=("all", "receiver", "scheduler", "sender"), default="all",
                     help="多进程部署（PostgreSQL）时本进程的角色：接收消息、排程（自动选出一个）或发送；默认全部")
    run.add_argument("--webhook", action="store_true", help="用 webhook 接收消息（需 --listen 和 --url）")
    run.add_argument("--listen", default="127.0.0.1:8443", help="webhook 监听地址（默认 127.0.0.1:8443，放在 HTTPS 反向代理之后）")
    run.add_argument("--url", help="webhook 的公网地址，如 https://duban.example.gov.cn")
    run.add_argument("--year", type=int, help="演示：把永宁县2022年计划顺延到该年度（默认2022）")
    run.add_argument("--port", type=int, default=8765, help="演示：网页聊天的端口（默认8765）")
    run.set_defaults(run=commands.run)
    simulate = commands_.add_parser("simulate", help="试运行：按天快进，列出每天会发给谁什么，统计每人每周消息数，写出报告")
    simulate.add_argument("--plan", required=True)
    simulate.add_argument("--roster", required=True)
    simulate.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    simulate.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    simulate.add_argument("--behaviour", help="各单位的办理习惯（YAML：default 和 units，取值 prompt、late、silent）")
    simulate.add_argument("--out", default="simulation", help="报告文件写入的目录（默认 ./simulation）")
    simulate.add_argument("--calendar")
    simulate.set_defaults(run=commands.simulate_plan)
    commands_.add_parser("tick", help="执行一轮排程和发送后退出（用于 cron）").set_defaults(run=commands.tick)
    invite = commands_.add_parser("invite", help="生成一次性邀请链接")
    invite.add_argument("--unit", help="单位名称（管理员可不填）")
    invite.add_argument("--role", required=True, choices=("liaison-a", "liaison-b", "leader", "observer", "admin"))
    invite.set_defaults(run=commands.invite)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：政务公开工作要点的到期事项与提醒")
    commands_ = parser.add_subparsers(dest="command", required=True)
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
    return parser


FAILURES = (commands.UsageError, RosterError, CalendarFileError, ConfigError, SchemaError, StoreError,
            BackupError, TransitionError, InviteError, PlanTextError, AnnualRefused, ValueError)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except FAILURES as error:
        print(m.FILE_ERROR.format(error=error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
