"""整改通知书 as a Word document: addressed to the unit, naming the items, the problems found and the deadline."""
from io import BytesIO

from docx import Document

from workflows.rectification import RectificationNotice


def notice_document(made: RectificationNotice, issuer: str, plan_title: str, items: list[tuple[str, str]]) -> bytes:
    document = Document()
    document.add_heading(f"整改通知书（第{made.number}号）", level=1)
    document.add_paragraph(f"{made.unit}：")
    document.add_paragraph(f"经检查，你单位在落实《{plan_title}》中存在以下问题：")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "工作任务"
    for seq, content in items:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = seq, content
    document.add_paragraph(f"发现的问题：{made.problems}")
    document.add_paragraph(f"请于{made.due:%Y年%m月%d日}前整改到位，并将整改情况及佐证材料报送{issuer}政务公开办。"
                           "逾期未整改的，将在季度通报中通报。")
    document.add_paragraph(f"{issuer}政务公开办")
    document.add_paragraph(f"{made.issued:%Y年%m月%d日}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
