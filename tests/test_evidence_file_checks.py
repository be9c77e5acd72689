"""Evidence files checked for personal data: Word, Excel, PDF, text and CSV; images and other kinds not checked."""
import io

import pytest

from fpdf import FPDF
from openpyxl import Workbook

from bot.cli.main import main
from documents.digest_chart import FONT_FILE
from importers.evidence_text import check_file
from workflows.evidence_check import CHECKED, IMAGE, KIND, NOT_CHECKED, UNREADABLE
from workflows.personal_data import BANK_CARD, ID_CARD, MOBILE

from tests.evidence_samples import ID_NUMBER, public_notice_docx

PHONE, CARD = "13912345678", "6217001234567893"


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["序号", "姓名", "联系电话"])
    sheet.append([1, "赵某", "139****5678"])
    sheet.append([2, "钱某", int(PHONE)])        # typed into Excel as a number
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_font("noto", fname=str(FONT_FILE))
    pdf.set_font("noto", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, text="永宁县2022年惠农补贴发放情况公示\n（名单见下页）")
    pdf.add_page()
    pdf.multi_cell(0, 8, text="补贴发放名单\n李某某 银行卡号 " + CARD + " 金额 500元")
    return bytes(pdf.output())


def test_a_shenfenzheng_in_a_word_table_cell_is_found_by_table_row_and_column():
    check = check_file("救助公示.docx", public_notice_docx())
    assert check.outcome == CHECKED
    assert [(f.kind, f.where, f.excerpt) for f in check.findings] == [
        (ID_CARD, "表格1第2行第2列", "【640121********1232】")]


def test_a_mobile_number_in_an_excel_cell_is_found_by_sheet_and_cell_and_the_masked_one_passes():
    check = check_file("名单.xlsx", _xlsx())
    assert [(f.kind, f.where, f.excerpt) for f in check.findings] == [(MOBILE, "工作表「名单」C3", "【139****5678】")]


def test_a_bank_card_number_on_a_pdf_page_is_found_by_page_and_line():
    check = check_file("发放情况.pdf", _pdf())
    assert [(f.kind, f.where) for f in check.findings] == [(BANK_CARD, "第2页第2行")]
    assert check.findings[0].excerpt == "李某某 银行卡号 【6217********7893】 金额 500元"


def test_text_and_csv_files_in_gbk_or_utf16_are_read_line_by_line_and_cell_by_cell():
    text = f"公示名单\n张某 {ID_NUMBER}\n"
    assert [f.where for f in check_file("名单.txt", text.encode("gbk")).findings] == ["第2行"]
    # Excel's 「Unicode 文本」
    assert [f.where for f in check_file("名单.txt", text.encode("utf-16")).findings] == ["第2行"]
    table = f"姓名,电话\n张某,{PHONE}\n".encode("gbk")
    assert [f.where for f in check_file("名单.csv", table).findings] == ["第2行第2列"]


def test_images_and_other_kinds_are_said_not_checked():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert (check_file("现场照片.png", png).outcome, check_file("现场照片.png", png).reason) == (NOT_CHECKED, IMAGE)
    assert check_file("photo", b"\xff\xd8\xff\xe0" + b"\x00" * 64).reason == IMAGE
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    assert (check_file("公示.doc", old_word).outcome, check_file("公示.doc", old_word).reason) == (NOT_CHECKED, KIND)


def test_a_damaged_file_is_said_unreadable_not_clean():
    check = check_file("公示.pdf", b"%PDF-1.7\n" + b"garbage" * 10)
    assert (check.outcome, check.reason) == (NOT_CHECKED, UNREADABLE)


def test_the_office_checks_a_file_from_the_command_line_and_sees_the_same_findings(tmp_path, capsys):
    path = tmp_path / "救助公示.docx"
    path.write_bytes(public_notice_docx())
    assert main(["check", "evidence", str(path)]) == 1
    printed = capsys.readouterr().out
    assert printed == "救助公示.docx：发现 1 处未遮掩的个人信息：\n· 表格1第2行第2列 身份证号：【640121********1232】\n"
    clean = tmp_path / "名单.txt"
    clean.write_text("张某 640121********1232\n", encoding="utf-8")
    assert main(["check", "evidence", str(clean)]) == 0
    assert "未发现未遮掩的身份证号、手机号或银行卡号" in capsys.readouterr().out


def test_the_command_line_refuses_a_link_to_the_servers_own_network(capsys, monkeypatch):
    monkeypatch.delenv("DUBAN_LINK_HOSTS", raising=False)
    assert main(["check", "evidence", "http://127.0.0.1:9/admin"]) == 1
    assert "链接无法打开：http://127.0.0.1:9/admin（指向内网或本机地址（127.0.0.1）" in capsys.readouterr().out


def test_a_missing_file_is_one_line_naming_it(tmp_path, capsys):
    assert main(["check", "evidence", str(tmp_path / "没有.pdf")]) == 2
    assert "没有.pdf：无法读取" in capsys.readouterr().err


def test_the_offices_own_hosts_are_read_from_the_settings_and_a_url_there_is_refused(monkeypatch):
    from bot.config import ConfigError, load_settings
    monkeypatch.setenv("DUBAN_LINK_HOSTS", "OA.yongning.gov.cn., 10.20.0.5 fd00::5")
    assert load_settings().link_hosts == {"oa.yongning.gov.cn", "10.20.0.5", "fd00::5"}
    monkeypatch.setenv("DUBAN_LINK_HOSTS", "http://oa.yongning.gov.cn:8080/")
    with pytest.raises(ConfigError, match="DUBAN_LINK_HOSTS"):
        load_settings()
