"""The ledger (台账) workbook the units file: the plan's columns plus status, 逾期, completion, evidence and
verification.

The plan's tasks come first, in the plan's order, then the 月反馈 rounds and
整改 items; dates are date cells; 逾期 says 是 for an open item past its date
in force (an approved extension's), so the office can filter on it.
"""
from datetime import date

from documents.sheets import add_row, add_table, new_workbook, workbook_bytes, wrap_rows
from workflows.glossary import STATE_NAMES
from workflows.ledger import LedgerLine

COLUMNS = ("序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限", "到期日", "状态", "逾期", "完成日期",
           "佐证材料", "审核情况")
WIDTHS = (6, 18, 46, 22, 22, 14, 12, 10, 6, 12, 40, 30)
VERDICTS = {"accept": "通过", "return": "退回", "waive": "免除", "hold": "同意暂缓", "refuse_hold": "不同意暂缓"}
OFFICE = "政务公开办"


def _verification(line: LedgerLine, timezone) -> str:
    return "\n".join(f"{at.astimezone(timezone):%Y-%m-%d} {who or OFFICE} {VERDICTS[action]}{'：' + why if why else ''}"
                     for at, who, action, why in line.verdicts)


def _overdue(line: LedgerLine, today: date) -> str:
    return "是" if line.overdue_on(today) else "否"


def ledger_workbook(title: str, lines: list[LedgerLine], timezone, today: date) -> bytes:
    book = new_workbook()
    sheet = add_table(book, "工作台账", COLUMNS, WIDTHS, [title])
    first = sheet.max_row + 1
    for line in sorted(lines, key=lambda line: not line.seq):     # stable: tasks in the plan's order, then the rest
        completed = line.completed.astimezone(timezone).date() if line.completed else ""
        add_row(sheet, [line.seq, line.heading, line.content, line.metric, line.unit, line.deadline_text,
                        line.due or "", STATE_NAMES[line.state], _overdue(line, today), completed,
                        line.evidence, _verification(line, timezone)])
    wrap_rows(sheet, first)
    return workbook_bytes(book)
