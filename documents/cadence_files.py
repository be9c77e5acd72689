"""The 月反馈 roll-up, the 季度通报, the 半年督查 list and the 年底考评 table, from workflows data.

Every table states the day its figures are seen from and, before its period
ends, that it is provisional; tied units share a place (并列); a named or
picked unit is listed with the items and days that put it there.
"""
from collections import Counter
from datetime import date

from documents.official_docx import Letterhead, body, chinese_date, document_bytes, letter, signature, table
from documents.sheets import Percent, add_row, add_table, new_workbook, workbook_bytes, wrap_rows
from workflows.cadence import ItemFact, UnitMonth, UnitScore
from workflows.glossary import BLOCKED, FEEDBACK_NAME, OVERDUE_OPEN, PENDING, STATE_NAMES
from workflows.standing import AsOf, InspectionEntry, NamingRules, UnitStanding

ROLLUP_COLUMNS = ("单位", "是否反馈", "本月办结", OVERDUE_OPEN, STATE_NAMES[BLOCKED], "反馈内容", "佐证材料")
UNIT_WIDTHS = (8, 32)
ADDRESSEE = "各有关单位："


def seen_line(when: AsOf) -> str:
    """What a report's figures are as of; a provisional one says so."""
    day = chinese_date(date.fromordinal(when.seen.toordinal() - 1))
    return f"统计截至{day}（报告期未结束，数据为临时数据）" if when.provisional else f"统计截至{day}"


def place(rank: int, tied: bool) -> str:
    return f"并列第{rank}" if tied else f"第{rank}"


def state_name(f: ItemFact) -> str:
    """The state machine's word for the item; an approved extension is shown with the date it moved from."""
    moved = f"（已延期，原定{chinese_date(f.original_due)}）" if f.original_due else ""
    return STATE_NAMES[f.state] + moved


def late_reasons(row: UnitStanding) -> str:
    """The items and days that named the unit."""
    return "；".join(f"{'序号' if x.seq[0].isdigit() else ''}{x.seq}"
                    f"（{chinese_date(x.due)}到期，逾期{x.workdays}个工作日）" for x in row.behind)


def naming_rule(rules: NamingRules) -> str:
    return (f"有事项逾期超过{rules.overdue_workdays}个工作日，或逾期事项达到{rules.late_items}项的单位予以通报"
            "（已批准延期的按延期后的时限计算，经同意暂缓的事项不计）")


def rollup_workbook(title: str, when: AsOf, rows: list[UnitMonth]) -> bytes:
    book = new_workbook()
    sheet = add_table(book, "月反馈汇总", ROLLUP_COLUMNS, (32, 10, 10, 10, 10, 50, 40), [title, seen_line(when)])
    first = sheet.max_row + 1
    for r in rows:
        add_row(sheet, [r.unit, "已反馈" if r.answered else "未反馈", r.done, r.overdue, r.blocked, r.feedback,
                        r.evidence])
    wrap_rows(sheet, first)
    return workbook_bytes(book)


def circulation_document(title: str, head: Letterhead, first: date, when: AsOf, ranking: list[UnitStanding],
                         rules: NamingRules) -> bytes:
    """The 季度通报: the ranking with shared places, the rule, and each named unit with its items and days."""
    document = letter(head.office, head.number, title, ADDRESSEE, head.made)
    body(document, f"根据“月反馈、季度通报、半年督查、年底考评”工作机制，现将{chinese_date(first)}至"
                   f"{chinese_date(date.fromordinal(when.seen.toordinal() - 1))}各单位政务公开重点任务落实情况"
                   f"通报如下（{seen_line(when)}）。")
    body(document, "一、完成情况排名。按按时完成率排名，按时完成率相同的单位名次并列。")
    table(document, [("名次", "单位", "到期事项", "按时完成", "按时完成率", "逾期工作日")] + [
        (place(r.rank, r.tied), r.unit, str(r.due), str(r.on_time), f"{r.rate:.0%}", str(r.overdue_workdays))
        for r in ranking])
    named = [r for r in ranking if r.named]
    body(document, f"二、通报单位。{naming_rule(rules)}。" + ("本期通报以下单位：" if named else "本期无通报单位。"))
    for r in named:
        body(document, f"{r.unit}：{late_reasons(r)}。")
    body(document, "请被通报单位认真整改，并于通报印发后10个工作日内将整改情况报送政务公开办。")
    signature(document, head.office, head.day)
    return document_bytes(document)


def score_workbook(title: str, when: AsOf, scores: list[UnitScore]) -> bytes:
    """年底考评: one sheet of scores (equal scores share a place), one of every deduction with its item."""
    book = new_workbook()
    sheet = add_table(book, "考评得分", ("名次", "单位", "得分", "折算分", "扣分项数"), UNIT_WIDTHS,
                      [title, seen_line(when)])
    for s, (rank, tied) in zip(scores, shared_places([s.score for s in scores])):
        add_row(sheet, [place(rank, tied), s.unit, s.score, s.weighted, len(s.deductions)])
    detail = add_table(book, "扣分明细", ("单位", "扣分原因", "序号", "完成时限", "扣分"), (32, 16, 8, 12, 8))
    for s in scores:
        for d in s.deductions:
            add_row(detail, [d.unit, d.reason, d.seq, d.due or "", d.points])
    return workbook_bytes(book)


def shared_places(values: list) -> list[tuple[int, bool]]:
    """Competition places of values already in order: equal values share the first place of their run."""
    counts, places = Counter(values), []
    for index, value in enumerate(values):
        rank = places[index - 1][0] if index and values[index - 1] == value else index + 1
        places.append((rank, counts[value] > 1))
    return places


def inspection_workbook(title: str, when: AsOf, entries: list[InspectionEntry], rules: NamingRules) -> bytes:
    """半年督查: the units picked, weakest first, and the items to check there; each count is its rows."""
    book = new_workbook()
    rule = (f"按按时完成率由低到高选取{rules.inspection_size}个单位；完成率相同的，逾期未办事项多的在前，"
            "再相同的按逾期工作日；与第{0}个单位各项相同的单位一并列入").format(rules.inspection_size)
    sheet = add_table(book, "半年督查名单", ("序", "单位", "按时完成率", OVERDUE_OPEN, f"其中{STATE_NAMES[PENDING]}",
                                       STATE_NAMES[BLOCKED], "逾期工作日"), UNIT_WIDTHS, [title, seen_line(when), rule])
    for index, e in enumerate(entries, start=1):
        add_row(sheet, [index, e.unit, Percent(e.rate), len(e.overdue), e.silent, len(e.blocked),
                        e.overdue_workdays])
    items = add_table(book, "待查事项", ("单位", "类别", "序号", "完成时限", "状态"), (32, 10, 10, 14, 30))
    for e in entries:
        for heading, facts in ((OVERDUE_OPEN, e.overdue), (STATE_NAMES[BLOCKED], e.blocked)):
            for f in sorted(facts, key=lambda f: (f.due or date.max, f.seq)):
                add_row(items, [e.unit, heading, f.seq or FEEDBACK_NAME, f.due or "", state_name(f)])
    return workbook_bytes(book)
