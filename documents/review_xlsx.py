"""The plan review workbook: the office's familiar table plus what Duban understood, to correct in Excel/WPS.

The first columns are the plan's own (序号 … 完成时限, 备注); the columns headed
【督办】 show Duban's reading and are ignored when the file is imported again,
so correcting a 责任单位 or 完成时限 cell and re-importing applies the correction.
"""
from openpyxl.styles import PatternFill

from documents.sheets import add_row, add_table, new_workbook, workbook_bytes, wrap_rows

from workflows.check import PlanCheck
from workflows.deadline import NeedsDate

PLAN_COLUMNS = ("序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限", "备注")
DUBAN_MARK = "【督办】"
DUBAN_COLUMNS = tuple(DUBAN_MARK + c for c in ("识别的单位", "识别的时限", "首个到期日", "问题"))
# As the ledger's: A4 landscape prints it at 8 pt or more; the headers wrap, long cells wrap
WIDTHS = (6, 10, 23, 12, 12, 10, 10, 14, 14, 11, 20)
UNSTATED_WORDS = "未写明（先按长期工作，月反馈）"
_PROBLEM_FILL = PatternFill("solid", fgColor="FFF2CC")


def _understood(row) -> tuple[str, str, str]:
    units = "、".join(a.unit.name + ("" if a.role == "responsible" else f"（{a.role}）") for a in row.assignments)
    rules = "；".join(f"待定：{d.rule.reason}" if isinstance(d.rule, NeedsDate) else d.words or UNSTATED_WORDS
                     for d in row.obligation.duties)
    first = min((x for d in row.obligation.duties for x in d.rule.dates()), default=None)
    return units, rules, first.isoformat() if first else ""


def review_workbook(check: PlanCheck) -> bytes:
    plan = check.plan
    book = new_workbook()
    issued = f"{plan.issued.year}年{plan.issued.month}月{plan.issued.day}日印发" if plan.issued else ""
    sheet = add_table(book, "任务分解表", PLAN_COLUMNS + DUBAN_COLUMNS, WIDTHS,
                      [plan.title, plan.doc_number, f"{plan.issuer} {issued}".strip()])
    problems = {}
    for p in check.problems:
        problems.setdefault(p.row, []).append(f"[{'错误' if p.severity == 'error' else '提示'}] {p.message}")
    for row in check.rows:
        t = row.obligation.task
        add_row(sheet, [t.seq, t.heading, t.content, t.metric, t.units_text, t.deadline_text, t.notes,
                      *_understood(row), "\n".join(problems.get(t.row, []))])
        if t.row in problems:
            sheet.cell(sheet.max_row, len(PLAN_COLUMNS) + len(DUBAN_COLUMNS)).fill = _PROBLEM_FILL
    wrap_rows(sheet, 4)
    return workbook_bytes(book)
