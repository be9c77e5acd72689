"""The web chat in a real browser: a newcomer with no token watches Duban remind a unit, take its answer, and report it.

Headless Debian chromium driven by Playwright. The page talks to the same
emulator the bot tests use; the bot runs its real python-telegram-bot stack.
"""
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from bot.config import Settings
from bot.demo import prepare
from bot.app import running
from tests.bot_harness import SHANGHAI
from tests.conftest import require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 20_000


def _need_browser():
    require(None if Path(CHROMIUM).exists() else "chromium is not installed",
            "CI needs Debian's chromium: `make test` installs it (apt-get install chromium)")


@pytest.fixture
async def demo(tmp_path):
    settings = Settings(database_url="", timezone=SHANGHAI, calendar_file=None)
    running_demo = await prepare(settings, 2022, 0, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    async with running(running_demo.application):
        yield running_demo
    await running_demo.api.stop()


@pytest.fixture
async def page(demo):
    _need_browser()
    from playwright.async_api import async_playwright, expect
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.set_default_timeout(WAIT_MS)
        await page.goto(f"http://127.0.0.1:{demo.api.port}/")
        yield page
        await browser.close()


def _png() -> bytes:
    """A 1×1 red PNG: a photo of the evidence, as far as the bot can tell."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + chunk(b"IEND", b"")


async def _become(page, unit: str):
    await page.get_by_test_id("person").filter(has_text=unit).first.click()


async def _join(page, unit: str, welcome: str):
    await _become(page, unit)
    await page.get_by_test_id("join").click()
    await page.get_by_test_id("messages").get_by_text(welcome).first.wait_for()


async def test_invite_reminder_done_with_a_link_accepted_and_in_the_digest(demo, page):
    from playwright.async_api import expect
    await expect(page.get_by_test_id("clock")).to_contain_text("2022-06-08 周三")
    await _join(page, "政务公开办", "管理员")
    await _join(page, "杨和镇", "「杨和镇」的联络员（A岗）")

    messages = page.get_by_test_id("messages")            # the minute tick (every few seconds here) reminds
    reminder = messages.locator(".msg").filter(has_text="即将到期")
    await expect(reminder).to_contain_text("6月15日（还有7天）")
    await reminder.get_by_role("button", name="52 已完成").click()
    await messages.get_by_text("链接").last.wait_for()
    await page.get_by_test_id("text").fill("已在政府网站发布 http://www.yongning.gov.cn/xxgk/2022/yd.html")
    await page.get_by_test_id("send").click()
    await messages.get_by_text("已提交").last.wait_for()
    submitted = await messages.get_by_text("已提交").count()
    await page.get_by_test_id("text").fill("53号已完成")       # a photo as evidence, its caption naming the item
    await page.locator("#file").set_input_files(
        {"name": "落实情况.png", "mimeType": "image/png", "buffer": _png()})
    await expect(messages.locator("img")).to_have_count(1)
    which = messages.locator(".msg").filter(has_text="你说的是哪一项")   # row 53 recurs each quarter
    await expect(which).to_contain_text("6月15日（还有7天）")
    await which.get_by_role("button").first.click()
    await expect(messages.get_by_text("已提交")).to_have_count(submitted + 1)   # the photo went with the choice

    await _become(page, "政务公开办")
    await page.get_by_test_id("text").fill("/review")
    await page.get_by_test_id("send").click()
    queued = messages.locator(".msg").filter(has_text="http://www.yongning.gov.cn/xxgk/2022/yd.html").last
    await queued.get_by_role("button", name="通过").click()
    await messages.get_by_text("已通过").last.wait_for()

    await _become(page, "杨和镇")
    await messages.get_by_text("已通过审核").last.wait_for()

    await page.locator("#jump-date").fill("2022-06-13")   # the next Monday: the office's weekly digest
    await page.locator("#jump").click()
    await expect(page.get_by_test_id("clock")).to_contain_text("2022-06-13 周一")
    await _become(page, "政务公开办")
    digest = messages.locator(".msg").filter(has_text="【督办周报】2022年6月6日—6月12日").first
    await expect(digest).to_contain_text("上周办结 1 项")
    await expect(digest).to_contain_text("待审核 1 项")                  # the photo's item waits for the office
    await expect(messages.locator("img").last).to_be_visible()          # the chart, sent as a photo
    await page.evaluate("document.fonts.ready")
    assert await page.evaluate("document.fonts.check('15px \"Duban CJK\"', '督办周报')")   # Chinese, not tofu
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "webchat-digest.png"), full_page=True)


async def test_the_demo_rolls_the_sample_into_another_year_and_keeps_each_chat_to_its_person(tmp_path):
    import aiohttp
    from sqlmodel import Session, select
    from store.tables import DueItemRow, PlanRow
    settings = Settings(database_url="", timezone=SHANGHAI, calendar_file=None)
    demo = await prepare(settings, 2026, 0, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    base = f"http://127.0.0.1:{demo.api.port}"
    try:
        async with running(demo.application), aiohttp.ClientSession() as client:
            state = await (await client.get(f"{base}/api/state")).json()
            assert state["today"] == "2026-06-08" and state["weekday"] == "周一"
            with Session(demo.duban.engine) as session:
                assert "2026" in session.execute(select(PlanRow.title)).scalar_one()
                years = {d.year for d in session.execute(select(DueItemRow.due).where(DueItemRow.due.is_not(None))).scalars()}
            assert years == {2026, 2027}                   # as 2022 had row 54 due 2023-01-31
            liaison, other = (p["id"] for p in state["personas"][1:3])
            await client.post(f"{base}/api/join", json={"user_id": liaison})
            welcome = await demo.api.wait_for(lambda: demo.api.messages_to(liaison))
            pressed = await client.post(f"{base}/api/press", json={"user_id": other, "data": "done:1",
                                                                 "message_id": welcome[0]["message_id"]})
            assert pressed.status == 400                     # another person's message cannot be pressed as theirs
            moved = await client.post(f"{base}/api/clock", json={"to": "2026-06-01"})
            assert moved.status == 400 and "只能向后" in (await moved.json())["error"]
    finally:
        await demo.api.stop()
