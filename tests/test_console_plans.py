"""计划与名册 in the console: check an uploaded plan, download the review workbook, upload the corrected one and see
what importing it changes, import; the roster downloaded and uploaded."""
import io
import re
from datetime import date

from aiohttp import FormData
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot import messages as m
from store.tables import AuditEntry, DueItemRow, UnitRow
from tests.console_harness import ADMIN, SAMPLE, browser

TOKEN = re.compile(r"/plans/upload/([^/]+)/review\.xlsx")


def upload(name: str, data: bytes) -> FormData:
    form = FormData()
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    return form


def corrected(workbook: bytes, row: str, column: str, value: str) -> bytes:
    """The review workbook with one cell of a plan row changed, as the office does in Excel."""
    book = load_workbook(io.BytesIO(workbook))
    sheet = book.active
    header = [c.value for c in sheet[4]]
    found = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == row)
    found[header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def checked(browser_, name: str, data: bytes) -> tuple[int, str, str]:
    status, html = await browser_.post("/plans/check", upload(name, data))
    token = TOKEN.search(html)
    return status, html, token.group(1) if token else ""


def dues_of_row(world, row: int) -> set:
    with Session(world.duban.engine) as session:
        return set(session.exec(select(DueItemRow.due).where(DueItemRow.row == row, DueItemRow.retired.is_(False))))


async def test_the_plan_page_shows_the_stored_plan_and_roster(admin):
    status, html = await admin.get("/plans")
    assert status == 200 and "永宁县2022年政务公开工作要点" in html and "第1版，54 行" in html
    assert "数据库中有 28 个单位" in html


async def test_checking_the_imported_plan_again_finds_its_notices_and_nothing_to_change(admin):
    status, html, token = await checked(admin, "plan.txt", (SAMPLE / "plan.txt").read_bytes())
    assert status == 200 and token
    assert "共 54 行，0 个错误，2 个提示" in html
    assert "单位列表以「等」结尾" in html and "早于印发日期 2022-05-26" in html
    assert m.IMPORT_UNCHANGED.format(revision=1) in html


async def test_a_correction_made_in_the_review_workbook_is_previewed_then_imported(admin, console_world):
    _, _, token = await checked(admin, "plan.txt", (SAMPLE / "plan.txt").read_bytes())
    status, workbook, disposition = await admin.download(f"/plans/upload/{token}/review.xlsx")
    assert status == 200 and "filename*=UTF-8''" in disposition and workbook[:2] == b"PK"
    review = corrected(workbook, "17", "完成时限", "2022年12月")

    status, html, token = await checked(admin, "审核表-plan.xlsx", review)
    assert status == 200 and "改动行 17" in html and "新增行 无" in html and "导入后将成为第2版" in html
    assert dues_of_row(console_world, 17) == {date(2022, 11, 30)}     # the preview changed nothing

    status, html = await admin.post("/plans/import", {"token": token})
    assert status == 200 and "已保存（第2版）" in html and "改动行 17" in html
    assert dues_of_row(console_world, 17) == {date(2022, 12, 31)}
    with Session(console_world.duban.engine) as session:
        imports = session.exec(select(AuditEntry.actor).where(AuditEntry.action == "plan.import")).all()
    assert imports[-1] == f"console:{ADMIN}"


async def test_a_plan_with_errors_cannot_be_imported_until_corrected(admin, console_world):
    _, _, token = await checked(admin, "plan.txt", (SAMPLE / "plan.txt").read_bytes())
    _, workbook, _ = await admin.download(f"/plans/upload/{token}/review.xlsx")
    wrong = corrected(workbook, "17", "责任单位", "县档案馆")
    status, html, token = await checked(admin, "审核表.xlsx", wrong)
    assert status == 200 and "1 个错误" in html and "县档案馆" in html and "不能导入" in html
    assert 'action="/plans/import"' not in html
    assert "- {name: 县档案馆" in html                      # the entry to paste into the roster
    status, html = await admin.post("/plans/import", {"token": token})      # forced: refused, nothing stored
    assert status == 200 and m.IMPORT_REFUSED in html
    assert dues_of_row(console_world, 17) == {date(2022, 11, 30)}


async def test_an_unreadable_file_is_named_with_the_reason(admin):
    status, html, token = await checked(admin, "工作要点.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert status == 400 and not token and "工作要点.doc" in html and "duban-console" not in html


async def test_an_upload_is_only_for_the_session_that_made_it(admin, console_world):
    _, _, token = await checked(admin, "plan.txt", (SAMPLE / "plan.txt").read_bytes())
    other = await browser(console_world.console)
    await other.sign_in(ADMIN)
    status, html = await other.get(f"/plans/upload/{token}/review.xlsx")
    assert status == 404 and m.CONSOLE_UPLOAD_GONE in html
    await other.client.close()


async def test_the_roster_downloads_as_a_workbook_and_uploads_back(admin, console_world):
    status, workbook, disposition = await admin.download("/plans/roster.xlsx")
    book = load_workbook(io.BytesIO(workbook))
    names = [r[0].value for r in book.worksheets[0].iter_rows(min_row=2)]
    assert status == 200 and len(names) == 28 and "永宁县司法局" in names
    aliases = {r[0].value: r[1].value for r in book.worksheets[1].iter_rows(min_row=2)}
    assert aliases["各部门"] == "各部门（单位）"

    book.worksheets[0].append(["永宁县档案馆", "部门", "县档案馆", "各部门（单位）"])
    out = io.BytesIO()
    book.save(out)
    status, html = await admin.post("/plans/roster", upload("名册.xlsx", out.getvalue()))
    assert status == 200 and m.ROSTER_STORED.format(count=29) in html
    with Session(console_world.duban.engine) as session:
        assert session.exec(select(UnitRow).where(UnitRow.name == "永宁县档案馆")).one().aliases == "县档案馆"
        assert session.exec(select(AuditEntry.actor).where(AuditEntry.action == "roster.import")).all()[-1] == \
            f"console:{ADMIN}"


async def test_a_bad_roster_is_refused_by_name_and_nothing_changes(admin, console_world):
    status, html = await admin.post("/plans/roster", upload("名册.xlsx", b"not a workbook"))
    assert status == 400 and "名册.xlsx" in html and "duban-console" not in html
    assert "数据库中有 28 个单位" in html


async def test_an_observer_reads_but_cannot_upload(observer, console_world):
    status, html = await observer.get("/plans")
    assert status == 200 and 'action="/plans/check"' not in html and "下载名册" in html
    status, html = await observer.post("/plans/roster", upload("名册.xlsx", (SAMPLE / "roster.yaml").read_bytes()))
    assert status == 403 and m.CONSOLE_OBSERVER in html


async def test_last_years_plan_rolled_into_this_year_as_import_roll_to_does(admin, console_world):
    form = upload("plan.txt", (SAMPLE / "plan.txt").read_bytes())
    form.add_field("roll_to", "2023")
    status, html = await admin.post("/plans/check", form)
    assert status == 200 and "顺延到 2023 年度" in html and "2023年政务公开工作要点" in html
    token = TOKEN.search(html).group(1)
    _, workbook, _ = await admin.download(f"/plans/upload/{token}/review.xlsx")
    sheet = load_workbook(io.BytesIO(workbook)).active
    header = [c.value for c in sheet[4]]
    row17 = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "17")
    assert row17[header.index("【督办】首个到期日")].value == "2023-11-30"
    status, html = await admin.post("/plans/import", {"token": token})
    assert status == 200 and "已保存（第1版）" in html                 # a plan of its own, the year's
    with Session(console_world.duban.engine) as session:
        assert date(2023, 11, 30) in set(session.exec(select(DueItemRow.due).where(DueItemRow.row == 17)))


async def test_a_column_mapping_or_year_that_is_not_one_is_refused_in_words(admin):
    form = upload("plan.txt", (SAMPLE / "plan.txt").read_bytes())
    form.add_field("columns", "截止=办结节点")
    status, html = await admin.post("/plans/check", form)
    assert status == 400 and "--columns 截止=办结节点：应写成「栏目=表头」" in html
    form = upload("plan.txt", (SAMPLE / "plan.txt").read_bytes())
    form.add_field("plan_year", "二〇二二")
    status, html = await admin.post("/plans/check", form)
    assert status == 400 and m.CONSOLE_BAD_YEAR.format(text="二〇二二") in html and 'value="二〇二二"' in html
