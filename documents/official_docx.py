"""The layout every letter Duban drafts shares, after GB/T 9704-2012 《党政机关公文格式》.

A4; margins 37 mm top, 35 bottom, 28 left, 26 right (a 156 × 225 mm text
block); the issuing office's name in red over its 文号 and a red rule; the
title in 小标宋 二号 (22 pt), centred; the body in 仿宋_GB2312 三号 (16 pt) on
a fixed 28 pt line, two characters' indent; the signature and a date written
without leading zeros; page numbers in 宋体 四号 as “— 1 —”, odd pages right,
even pages left. Fonts are named in the file with their common substitutes
(fontTable's altName: 仿宋, 宋体), so Word and WPS on a machine without the
official fonts show 仿宋 and 宋体, not a Latin fallback. The document's
properties name the office and the time it was made.
"""
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

TITLE_FONT, BODY_FONT, NUMBER_FONT = "方正小标宋简体", "仿宋_GB2312", "宋体"
SUBSTITUTES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", "黑体": "SimHei"}
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(12), Pt(14)
LINE = Pt(28)
RED = RGBColor(0xE6, 0x00, 0x12)


@dataclass(frozen=True)
class Letterhead:
    office: str          # the issuing office, as the plan names it
    number: str          # 文号
    made: datetime       # when the file is made: its document properties
    day: date            # the date it bears


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fonts(run, east_asian: str, size) -> None:
    run.font.size = size
    run.font.name = "Times New Roman"       # digits and Latin letters, as the standard's examples
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _paragraph(document, text: str, font: str = BODY_FONT, size=BODY_SIZE, align=None, indent: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    layout = paragraph.paragraph_format
    layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    layout.space_before = layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = size * 2
    if text:
        _fonts(paragraph.add_run(text), font, size)
    return paragraph


def _name_fonts(document) -> None:
    """fontTable entries with GB2312's charset and an altName, for machines without the official fonts.
    python-docx keeps fontTable.xml as bytes, so the entries are added to those bytes."""
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    fonts = etree.fromstring(part.blob)
    for name, substitute in SUBSTITUTES.items():
        font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
        for tag, value in (("w:altName", substitute), ("w:charset", "86"), ("w:family", "modern")):
            etree.SubElement(font, qn(tag), {qn("w:val"): value})
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)      # the number sits 7 mm below the text block
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                       WD_ALIGN_PARAGRAPH.LEFT)):
        _page_number(footer.paragraphs[0], align)


def _page_number(paragraph, align) -> None:
    paragraph.alignment = align
    indent = PAGE_NUMBER_SIZE       # 空一字
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _fonts(paragraph.add_run("— "), NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _fonts(run, NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            element.text = text
        run._element.append(element)
    _fonts(paragraph.add_run(" —"), NUMBER_FONT, PAGE_NUMBER_SIZE)


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def letter(office: str, number: str, title: str, addressee: str, made: datetime):
    """A new letter up to its 主送 line: the office's header, its 文号 and red rule, the title."""
    document = Document()
    _page(document)
    _name_fonts(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = office
    properties.title, properties.created, properties.modified = title, made, made
    properties.revision, properties.comments = 1, ""
    header = _paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    header.paragraph_format.line_spacing = Pt(48)
    run = header.add_run(office)
    _fonts(run, TITLE_FONT, Pt(36))
    run.font.color.rgb = RED
    _red_rule(_paragraph(document, number, align=WD_ALIGN_PARAGRAPH.CENTER))
    _paragraph(document, "")
    for line in title.split("\n"):
        title_line = _paragraph(document, line, TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
        title_line.paragraph_format.line_spacing = Pt(36)
    _paragraph(document, "")
    if addressee:
        _paragraph(document, addressee)
    return document


def _run_xml(text: str, font: str, size) -> str:
    half_points = int(size.pt * 2)
    return (f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{font}"/>'
            f'<w:sz w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def _fill(paragraph_element, properties: str, runs: str) -> None:
    """A paragraph's properties and runs from their XML: a province's 1,500-row notice built run by run through
    python-docx's objects took 10 s."""
    for child in parse_xml(f'<w:p {nsdecls("w")}>{properties}{runs}</w:p>'):
        paragraph_element.append(child)


def body(document, text: str) -> None:
    """A body paragraph: 仿宋 三号, fixed 28 pt line, two characters' indent."""
    line, indent = int(LINE.pt * 20), int(BODY_SIZE.pt * 2 * 20)
    _fill(document.add_paragraph()._p,
          f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
          f'<w:ind w:firstLine="{indent}"/></w:pPr>', _run_xml(text, BODY_FONT, BODY_SIZE))


def table(document, lines: list[tuple[str, ...]]) -> None:
    """A ruled table, header row first, in 仿宋 小四 so that six columns fit the text block."""
    grid = document.add_table(rows=len(lines), cols=len(lines[0]))      # made whole: row by row was slow
    grid.style, grid.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for row, texts in zip(grid._tbl.tr_lst, lines):
        for cell, text in zip(row.tc_lst, texts):
            _fill(cell.p_lst[0], '<w:pPr><w:jc w:val="center"/></w:pPr>', _run_xml(text, BODY_FONT, TABLE_SIZE))


def signature(document, office: str, day: date) -> None:
    """落款: the office and the date, right of centre, the date without leading zeros."""
    _paragraph(document, "")
    for text in (office, chinese_date(day)):
        paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = BODY_SIZE * 4


def document_bytes(document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()
