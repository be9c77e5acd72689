"""整改通知书 as an official letter (GB/T 9704): addressed to the unit, naming the items, the problems and the
deadline."""
from documents.official_docx import Letterhead, body, chinese_date, document_bytes, letter, signature, table
from workflows.rectification import RectificationNotice


def notice_document(made: RectificationNotice, head: Letterhead, plan_title: str,
                    items: list[tuple[str, str]]) -> bytes:
    document = letter(head.office, head.number, f"整改通知书（第{made.number}号）", f"{made.unit}：", head.made)
    body(document, f"经检查，你单位在落实《{plan_title}》中存在以下问题：")
    table(document, [("序号", "工作任务")] + [(seq, content) for seq, content in items])
    body(document, f"发现的问题：{made.problems}")
    body(document, f"请于{chinese_date(made.due)}前整改到位，并将整改情况及佐证材料报送政务公开办。"
                   "逾期未整改的，将在季度通报中通报。")
    signature(document, head.office, made.issued)
    return document_bytes(document)
