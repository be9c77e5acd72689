"""An office's week in the console, in Debian's chromium: sign in, read the dashboard, open an item, see the photo
sent as its evidence, accept it, return another, approve the quarter's circulation and download the 台账; each
page at 1366×768 and at a phone's width, with no horizontal overflow.

Screenshots go to test-artifacts/console-*.png; docs/console.png is console-dashboard.png from a run.
"""
import io
import shutil
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.console.app import console_app
from store.tables import CirculationRow, DueItemRow
from tests.conftest import database_engine, require
from tests.console_harness import ADMIN, PASSWORD
from tests.console_office import office_world
from tests.console_sample import JUDICIAL, YANGHE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESK, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
WAIT_MS = 20_000


@pytest.fixture
async def served(tmp_path, calendar):
    require(None if Path(CHROMIUM).exists() else "chromium is not installed",
            "CI needs Debian's chromium: `make test` installs it (apt-get install chromium)")
    engine, _ = database_engine("sqlite", tmp_path)
    from store.db import upgrade
    upgrade(engine)
    world, sample = office_world(engine, calendar)
    server = TestServer(console_app(world.console), host="127.0.0.1")
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}", engine, sample
    await server.close()
    engine.dispose()


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright, expect
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield found
        await found.close()


async def _fits(page, name: str) -> None:
    """The page as shown, kept; nothing wider than the window (no sideways scrolling)."""
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name}: overflows"


async def _sign_in(browser, base: str, viewport: dict):
    page = await browser.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page.set_default_timeout(WAIT_MS)
    await page.goto(base + "/")
    await page.get_by_label("账号").fill(ADMIN)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(base + "/")
    return page


def _state(engine, item_id: int) -> str:
    with Session(engine) as session:
        return session.get(DueItemRow, item_id).state


async def test_an_office_week_at_the_desk(served, browser):
    from playwright.async_api import expect
    base, engine, sample = served
    page = await _sign_in(browser, base, DESK)
    units = page.locator("#units")
    await expect(units.get_by_role("row").filter(has_text=YANGHE).locator(".light")).to_have_text("红")
    await expect(page.locator(".cadence")).to_contain_text("下次月反馈截止：11月25日")
    await _fits(page, "dashboard")

    await page.get_by_label("状态灯").select_option("yellow")           # htmx swaps the table alone
    await expect(units.get_by_role("link", name=YANGHE)).to_have_count(0)
    await units.get_by_role("link", name=JUDICIAL).click()
    await expect(page.get_by_role("heading", name=JUDICIAL)).to_be_visible()
    await _fits(page, "unit")

    await page.locator(f"a[href='/item/{sample.awaiting_photo}']").first.click()
    photo = page.get_by_role("img", name="佐证照片")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.complete && img.naturalWidth") == 240      # the photo itself, shown
    await _fits(page, "item")
    await page.get_by_role("button", name="通过", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("已通过")
    assert _state(engine, sample.awaiting_photo) == "accepted"

    await page.get_by_role("link", name="待审核").click()
    await _fits(page, "review")
    await page.get_by_label("退回原因").fill("链接打不开，请提供政府网站上的公开页面")
    await page.get_by_role("button", name="退回").click()
    await expect(page.get_by_role("status")).to_contain_text("已退回")
    assert _state(engine, sample.awaiting_link) == "returned"

    await page.goto(base + "/reports?kind=quarterly&period=2022Q3")
    await expect(page.locator(".preview")).to_contain_text("按时完成率")           # the draft, read in the page
    await _fits(page, "reports")
    await page.get_by_role("button", name="审定并印发").click()
    await expect(page.get_by_role("status")).to_contain_text("通报已印发")
    with Session(engine) as session:
        assert session.execute(select(CirculationRow.period)).scalars().all() == ["2022Q3"]

    async with page.expect_download() as download:
        await page.get_by_role("link", name="下载台账（.xlsx）").click()
    got = await download.value
    assert got.suggested_filename == "台账-全部单位.xlsx"
    sheet = load_workbook(io.BytesIO(Path(await got.path()).read_bytes())).worksheets[0]
    assert any(JUDICIAL in str(cell.value) for row in sheet.iter_rows() for cell in row)


async def test_the_pages_fit_a_phone(served, browser):
    from playwright.async_api import expect
    base, _, sample = served
    page = await _sign_in(browser, base, PHONE)
    await expect(page.locator("#units")).to_contain_text(JUDICIAL)
    for name, path in (("phone-dashboard", "/"), ("phone-unit", f"/unit/{sample.judicial}"),
                       ("phone-item", f"/item/{sample.awaiting_photo}"),
                       ("phone-review", "/review"), ("phone-reports", "/reports?kind=monthly&period=2022-10")):
        await page.goto(base + path)
        await _fits(page, name)
