"""The ledger (台账) workbook the units file: the plan's columns plus status, completion, evidence and verification."""
from openpyxl import Workbook

from documents.sheets import add_table, workbook_bytes, wrap_rows
from store.ledger import LedgerLine

COLUMNS = ("序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限", "到期日", "状态", "完成日期",
           "佐证材料", "审核情况")
WIDTHS = (6, 18, 46, 22, 22, 14, 12, 10, 12, 40, 30)
VERDICTS = {"accept": "通过", "return": "退回", "waive": "免除", "hold": "同意暂缓", "refuse_hold": "不同意暂缓"}
OFFICE = "政务公开办"
STATES = {"pending": "未办", "acknowledged": "已签收", "in_progress": "推进中", "blocked": "有困难", "held": "暂缓（已同意）",
          "submitted": "待审核", "accepted": "已办结", "returned": "已退回", "waived": "已免除"}


def _verification(line: LedgerLine, timezone) -> str:
    return "\n".join(f"{at.astimezone(timezone):%Y-%m-%d} {who or OFFICE} {VERDICTS[action]}{'：' + why if why else ''}"
                     for at, who, action, why in line.verdicts)


def ledger_workbook(title: str, lines: list[LedgerLine], timezone) -> bytes:
    book = Workbook()
    sheet = add_table(book, "工作台账", COLUMNS, WIDTHS, [title])
    for line in lines:
        completed = line.completed.astimezone(timezone).date().isoformat() if line.completed else ""
        sheet.append([line.seq, line.heading, line.content, line.metric, line.unit, line.deadline_text,
                      line.due.isoformat() if line.due else "", STATES[line.state], completed,
                      line.evidence, _verification(line, timezone)])
    wrap_rows(sheet, 3)
    return workbook_bytes(book)
