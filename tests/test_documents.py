"""Every document Duban writes, opened as the office would: in python-docx and openpyxl, then in LibreOffice.

The documents are the Yongning sample's (documents/preview.py): the Q3
circulation, a 整改通知书, September's roll-up, the inspection list, the scores,
a unit's ledger and the plan's review workbook.
"""
import shutil
import zipfile
from datetime import datetime
from io import BytesIO

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from documents.preview import INJECTED, MADE, OFFICE, sample_documents, to_pdf
from tests.conftest import require, sample_plan, sample_roster


@pytest.fixture(scope="module")
def documents(calendar):
    return sample_documents(calendar, sample_plan("yongning-2022"), sample_roster("yongning-2022"))


def _east_asian(run) -> str:
    fonts = run._element.rPr.rFonts
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def _sheet_rows(sheet):
    """The rows under the frozen header, as values."""
    return [list(r) for r in sheet.iter_rows(min_row=int(sheet.freeze_panes[1:]), values_only=True)]


@pytest.mark.parametrize("name", ["季度通报.docx", "整改通知书.docx"])
def test_letters_follow_the_official_document_format(documents, name):
    document = Document(BytesIO(documents[name]))
    section = document.sections[0]
    def mm(*lengths):
        return tuple(round(length.mm) for length in lengths)    # Word keeps twentieths of a point
    assert mm(section.page_width, section.page_height) == (210, 297)                       # A4
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (37, 35, 28, 26)
    paragraphs = [p for p in document.paragraphs if p.text]
    head, number, title = paragraphs[0], paragraphs[1], paragraphs[2]
    assert head.text == OFFICE and number.text.startswith(OFFICE) and "〔2022〕" in number.text
    assert (_east_asian(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))   # 小标宋 二号
    body = [p for p in paragraphs[3:] if p.text and p.runs]
    assert {(_east_asian(r), r.font.size) for p in body for r in p.runs} == {("仿宋_GB2312", Pt(16))}   # 仿宋 三号
    assert paragraphs[-1].text == "2022年10月8日"                                              # no leading zeros
    footer = section.footer._element.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text
    assert (document.core_properties.author, document.core_properties.created) == (OFFICE, MADE)    # the real time
    font_table = zipfile.ZipFile(BytesIO(documents[name])).read("word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table


def test_the_circulation_shows_shared_places_the_rule_and_why_each_unit_was_named(documents):
    document = Document(BytesIO(documents["季度通报.docx"]))
    places = {row.cells[1].text: row.cells[0].text for row in document.tables[0].rows[1:]}
    assert places["望洪镇"] == places["永宁县司法局"] == "并列第2" and places["杨和镇"] == "第1"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "逾期超过5个工作日" in text and "统计截至2022年9月30日" in text
    assert "望远镇：序号53（2022年9月15日到期，逾期11个工作日）。" in text
    assert "闽宁镇：" not in text                # late only on the quarter's last day: not named


@pytest.mark.parametrize("name", ["月反馈汇总.xlsx", "半年督查名单.xlsx", "年底考评.xlsx", "工作台账.xlsx",
                                  "审核表.xlsx"])
def test_workbooks_have_a_frozen_filtered_printable_header_in_a_chinese_font(documents, name):
    book = load_workbook(BytesIO(documents[name]))
    for sheet in book.worksheets:
        header = int(sheet.freeze_panes[1:]) - 1
        assert sheet.auto_filter.ref.startswith(f"A{header}:")
        assert sheet.print_title_rows == f"${header}:${header}"
        assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) and sheet.page_setup.fitToWidth == 1
        assert {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None} == {"宋体"}
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[header])


def test_dates_and_rates_are_cells_of_their_type_so_they_sort(documents):
    inspection = load_workbook(BytesIO(documents["半年督查名单.xlsx"])).active
    rate = inspection.cell(int(inspection.freeze_panes[1:]), 3)
    assert (rate.value, rate.number_format) == (0, "0%")
    ledger = load_workbook(BytesIO(documents["工作台账.xlsx"])).active
    due = ledger.cell(int(ledger.freeze_panes[1:]), 7)
    assert isinstance(due.value, datetime) and due.number_format == "yyyy-mm-dd"


def test_the_ledger_lists_tasks_before_the_feedback_rounds_and_says_which_are_overdue(documents):
    sheet = load_workbook(BytesIO(documents["工作台账.xlsx"])).active
    header = [c.value for c in sheet[int(sheet.freeze_panes[1:]) - 1]]
    rows = _sheet_rows(sheet)
    assert [r[0] for r in rows] == ["17", "16", None]               # the 月反馈 row last
    overdue = {(r[0], r[header.index("状态")]): r[header.index("逾期")] for r in rows}
    assert overdue == {("17", "已办结"): "否", ("16", "待办"): "是", (None, "待办"): "是"}   # seen on 2022-10-08


def test_a_users_text_starting_with_equals_is_written_as_text_never_a_formula(documents, tmp_path, capsys):
    from bot.cli.main import main
    ledger = load_workbook(BytesIO(documents["工作台账.xlsx"])).active
    evidence = [c for row in ledger.iter_rows() for c in row if isinstance(c.value, str) and INJECTED in c.value]
    assert evidence and all(c.data_type == "s" for c in evidence)
    rollup = load_workbook(BytesIO(documents["月反馈汇总.xlsx"])).active
    assert any(c.value == INJECTED and c.data_type == "s" for row in rollup.iter_rows() for c in row)
    plan = tmp_path / "任务分工.csv"                                    # a plan's own cell, through `plan export`
    plan.write_text("永宁县2022年政务公开工作要点\n序号,重点工作,主要内容,责任单位,完成时限\n"
                    f"1,推进政务公开,\"{INJECTED}\",县司法局,2022年11月底\n", encoding="utf-8")
    out = tmp_path / "审核表.xlsx"
    assert main(["plan", "export", str(plan), "--out", str(out)]) == 0
    for book in (out.read_bytes(), documents["工作台账.xlsx"], documents["月反馈汇总.xlsx"]):
        sheets = [n for n in zipfile.ZipFile(BytesIO(book)).namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in zipfile.ZipFile(BytesIO(book)).read(n) for n in sheets)
    assert any(c.value == INJECTED for row in load_workbook(out).active.iter_rows() for c in row)


def test_each_inspection_count_is_the_sum_of_its_listed_items(documents):
    book = load_workbook(BytesIO(documents["半年督查名单.xlsx"]))
    units = _sheet_rows(book["半年督查名单"])
    items = _sheet_rows(book["待查事项"])
    for _, unit, _, overdue, silent, blocked, _ in units:
        mine = [i for i in items if i[0] == unit]
        assert overdue == sum(i[1] == "逾期未办" for i in mine) and blocked == sum(i[1] == "有困难" for i in mine)
        assert silent == sum(i[1] == "逾期未办" and i[4].startswith("待办") for i in mine)
    moved = next(i for i in items if i[0] == "闽宁镇" and i[2] == "28")
    assert moved[4] == "待办（已延期，原定2022年9月15日）"          # the state machine's word, and the extension


def test_the_rollup_carries_each_units_feedback_and_evidence(documents):
    sheet = load_workbook(BytesIO(documents["月反馈汇总.xlsx"])).active
    header = [c.value for c in sheet[int(sheet.freeze_panes[1:]) - 1]]
    rows = {r[0]: r for r in _sheet_rows(sheet)}
    assert rows["杨和镇"][header.index("反馈内容")].startswith("9月已在政府网站公开")
    assert rows["杨和镇"][header.index("佐证材料")] == "http://www.nxyn.gov.cn/xxgk/"
    assert rows["李俊镇"][header.index("是否反馈")] == "未反馈" and rows["李俊镇"][header.index("反馈内容")] is None


def test_libreoffice_opens_every_document(documents, tmp_path):
    require(None if shutil.which("soffice") else "LibreOffice (soffice) is not installed",
            "CI needs Debian's LibreOffice: `make test` installs it (apt-get install libreoffice-writer-nogui …)")
    files = []
    for name, data in documents.items():
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    converted = to_pdf(files, tmp_path / "pdf")
    assert converted.returncode == 0, converted.stderr
    for path in files:
        pdf = (tmp_path / "pdf" / path.name).with_suffix(".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), path.name
        if path.suffix == ".docx":
            assert b"/MediaBox[0 0 595" in pdf.read_bytes().replace(b" [", b"[")       # A4: 595 × 842 points
