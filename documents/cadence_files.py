"""The 月反馈 roll-up, the 季度通报 draft, the 半年督查 list and the 年底考评 table, from workflows.cadence data."""
from datetime import date
from io import BytesIO

from docx import Document
from openpyxl import Workbook

from documents.sheets import add_table, workbook_bytes
from workflows.cadence import InspectionEntry, ItemFact, UnitMonth, UnitQuarter, UnitScore

ROLLUP_COLUMNS = ("单位", "是否反馈", "本月办结", "逾期未办", "有困难")
UNIT_WIDTHS = (8, 32)
OPEN_STATES = {"pending": "未签收", "acknowledged": "已签收未办", "in_progress": "推进中", "blocked": "有困难",
               "held": "暂缓（已同意）", "returned": "已退回"}


def rollup_workbook(title: str, rows: list[UnitMonth]) -> bytes:
    book = Workbook()
    sheet = add_table(book, "月反馈汇总", ROLLUP_COLUMNS, (32,), [title])
    for r in rows:
        sheet.append([r.unit, "已反馈" if r.answered else "未反馈", r.done, r.overdue, r.blocked])
    return workbook_bytes(book)


def circulation_document(title: str, issuer: str, first: date, last: date, ranking: list[UnitQuarter],
                         named: list[str]) -> bytes:
    """A draft the office edits and approves before it is sent: ranking table and the units named."""
    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(f"根据“月反馈、季度通报、半年督查、年底考评”工作机制，现将 {first:%Y年%m月%d日} 至 "
                           f"{last:%Y年%m月%d日} 各单位政务公开重点任务落实情况通报如下。")
    lines = [("名次", "单位", "到期事项", "按时完成", "按时完成率")] + [
        (str(place), row.unit, str(row.due), str(row.on_time), f"{row.rate:.0%}")
        for place, row in enumerate(ranking, start=1)]
    table = document.add_table(rows=len(lines), cols=5)     # made whole: row by row took 0.5 s for a province
    for row, texts in zip(table.rows, lines):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.add_paragraph("未按时完成的单位：" + ("、".join(named) if named else "无") + "。")
    for row in ranking:
        if row.late:
            document.add_paragraph(f"{row.unit}：序号 {'、'.join(row.late)} 未按时完成。")
    document.add_paragraph("请被通报单位认真整改，并于通报印发后10个工作日内将整改情况报送政务公开办。")
    document.add_paragraph(issuer)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def score_workbook(title: str, scores: list[UnitScore]) -> bytes:
    """年底考评: one sheet of scores, one of every deduction with the item it comes from."""
    book = Workbook()
    sheet = add_table(book, "考评得分", ("名次", "单位", "得分", "折算分", "扣分项数"), UNIT_WIDTHS, [title])
    for place, s in enumerate(scores, start=1):
        sheet.append([place, s.unit, s.score, s.weighted, len(s.deductions)])
    detail = add_table(book, "扣分明细", ("单位", "扣分原因", "序号", "完成时限", "扣分"), (32, 16))
    for s in scores:
        for d in s.deductions:
            detail.append([d.unit, d.reason, d.seq, d.due.isoformat() if d.due else "", d.points])
    return workbook_bytes(book)


def inspection_workbook(title: str, entries: list[InspectionEntry], open_items: list[ItemFact]) -> bytes:
    """半年督查: the units proposed for on-site checks, weakest first, and the open items to check there."""
    book = Workbook()
    sheet = add_table(book, "半年督查名单", ("序", "单位", "按时完成率", "逾期未办", "其中从未签收", "有困难"),
                      UNIT_WIDTHS, [title])
    for place, e in enumerate(entries, start=1):
        sheet.append([place, e.unit, f"{e.rate:.0%}", e.overdue, e.silent, e.blocked])
    items = add_table(book, "待查事项", ("单位", "序号", "完成时限", "状态"), (32, 10, 14, 16))
    order = {e.unit: place for place, e in enumerate(entries)}
    for f in sorted(open_items, key=lambda f: (order[f.unit], f.due or date.max, f.seq)):
        items.append([f.unit, f.seq or "月反馈", f.due.isoformat() if f.due else "", OPEN_STATES[f.state]])
    return workbook_bytes(book)
