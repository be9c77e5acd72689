"""The 本级 政府信息公开工作年度报告 as a Word skeleton: sections 一 to 六, the three tables filled, in the format
of an official document (GB/T 9704: A4, margins 37/35/28/26 mm, title in 小标宋 二号, text in 仿宋 三号 on a
28-point line, first-level headings in 黑体, second-level in 楷体).

The office writes the prose; what the tables say is stated in the text from the
same figures (a reviewer checks that the text's figures equal the tables'), and
the units included and missing are listed for the office to see before it publishes.
"""
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from workflows.annual_checks import shown
from workflows.annual_report import (CARRIED_IN, CARRIED_OUT, NEW, ORGANISATIONS, RESULT_GROUPS, RESULTS_TOTAL, T2,
                                     T3, T4, TABLE2, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_COLUMNS, TABLE4_ROWS, TOTAL,
                                     AnnualFigures)
from workflows.annual_rollup import Compilation

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
TABLE_FONT_SIZE = Pt(10.5)
TO_WRITE = "（请政务公开办填写：{what}）"


def _font(run, name: str, size: Pt) -> None:
    run.font.name, run.font.size = name, size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)   # Chinese text takes this one


def _paragraph(document, text: str, font: str = BODY_FONT, size: Pt = Pt(16), indent: bool = True,
               centred: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(28)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)     # two characters of 三号
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _table(document, lines: list[list[str]]) -> None:
    """A grid made whole (a cell at a time is slow), every cell in 五号."""
    table = document.add_table(rows=len(lines), cols=len(lines[0]))
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for row, texts in zip(table.rows, lines):
        for cell, text in zip(row.cells, texts):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                _font(run, BODY_FONT, TABLE_FONT_SIZE)


def _n(figures: AnnualFigures, cell) -> str:
    return shown(figures.value(cell) or 0)


def _table2_lines(figures: AnnualFigures) -> list[list[str]]:
    """A header row above each block of rows with the same columns, as the format prints it."""
    lines, before = [], None
    for row, columns in TABLE2:
        padding = [""] * (3 - len(columns))
        if columns != before:
            lines.append(["信息内容", *columns, *padding])
            before = columns
        lines.append([row, *(_n(figures, (T2, row, c)) for c in columns), *padding])
    return lines


def _table3_lines(figures: AnnualFigures) -> list[list[str]]:
    lines = [["", "自然人", *ORGANISATIONS, TOTAL]]
    for key, label in TABLE3_ROWS:
        heading = "三、本年度办理结果" if key == "予以公开" else RESULT_GROUPS.get(key)
        if heading:
            lines.append([heading] + [""] * len(TABLE3_COLUMNS))
        lines.append([label, *(_n(figures, (T3, key, c)) for c in TABLE3_COLUMNS)])
    return lines


def _table4_lines(figures: AnnualFigures) -> list[list[str]]:
    return [["", *TABLE4_COLUMNS]] + [[row, *(_n(figures, (T4, row, c)) for c in TABLE4_COLUMNS)]
                                      for row in TABLE4_ROWS]


def _applications(figures: AnnualFigures) -> str:
    return (f"本年度共收到政府信息公开申请{_n(figures, (T3, NEW, TOTAL))}件，上年结转"
            f"{_n(figures, (T3, CARRIED_IN, TOTAL))}件，办理完结{_n(figures, (T3, RESULTS_TOTAL, TOTAL))}件，"
            f"结转下年度继续办理{_n(figures, (T3, CARRIED_OUT, TOTAL))}件。")


def _reviews(figures: AnnualFigures) -> str:
    review, *suits = TABLE4_ROWS
    sued = sum(figures.value((T4, row, TOTAL)) or 0 for row in suits)
    return f"本年度发生政府信息公开行政复议{_n(figures, (T4, review, TOTAL))}件，行政诉讼{shown(sued)}件。"


def _scope(compilation: Compilation) -> str:
    included, missing = compilation.included, compilation.missing
    return (f"本报告汇总{len(included)}个单位报送并经审核的数据：{'、'.join(included) or '无'}。"
            f"未报送或未审核通过、未计入汇总的单位{len(missing)}个：{'、'.join(missing) or '无'}。")


def annual_document(title: str, compilation: Compilation) -> bytes:
    figures = compilation.figures
    document = Document()
    _page(document)
    _paragraph(document, title, TITLE_FONT, Pt(22), indent=False, centred=True)
    _paragraph(document, "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
                         "《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。"
                         + _scope(compilation))
    _paragraph(document, "一、总体情况", HEADING_FONT)
    _paragraph(document, TO_WRITE.format(what="主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况"))
    _paragraph(document, "二、主动公开政府信息情况", HEADING_FONT)
    _table(document, _table2_lines(figures))
    _paragraph(document, "三、收到和处理政府信息公开申请情况", HEADING_FONT)
    _paragraph(document, _applications(figures))
    _table(document, _table3_lines(figures))
    _paragraph(document, "四、政府信息公开行政复议、行政诉讼情况", HEADING_FONT)
    _paragraph(document, _reviews(figures))
    _table(document, _table4_lines(figures))
    _paragraph(document, "五、存在的主要问题及改进情况", HEADING_FONT)
    _paragraph(document, TO_WRITE.format(what="存在的主要问题，上年度问题的改进情况，本年度的改进措施"))
    _paragraph(document, "六、其他需要报告的事项", HEADING_FONT)
    _paragraph(document, TO_WRITE.format(what="信息处理费的收取情况（国办函〔2020〕109号），及其他需要报告的事项"))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
