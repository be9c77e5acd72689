"""The web chat in a real browser: a newcomer with no token watches Duban remind a unit, take its answer, and report it.

Headless Debian chromium driven by Playwright. The page talks to the same
emulator the bot tests use; the bot runs its real python-telegram-bot stack.
"""
import contextlib
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from bot.config import Settings
from bot.rehearsal import webchat
from bot.rehearsal.demo import prepare
from bot.channels.telegram.application import running
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
    async with chat_page(demo.api.port) as opened:
        yield opened


@contextlib.asynccontextmanager
async def chat_page(port: int):
    """The rehearsal's web chat at `port`, open in headless chromium."""
    _need_browser()
    from playwright.async_api import async_playwright, expect
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.set_default_timeout(WAIT_MS)
        await page.goto(f"http://127.0.0.1:{port}/")
        yield page
        await browser.close()


def _png() -> bytes:
    """A 1×1 red PNG: a photo of the evidence, as far as the bot can tell."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
            + chunk(b"IEND", b""))


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
    # row 53 recurs each quarter: the nearest period takes the photo, and says so
    taken = messages.locator(".msg").filter(has_text="已记在6月15日（还有7天）这一期")
    await expect(taken).to_contain_text("已提交序号53")
    await expect(messages.get_by_text("已提交")).to_have_count(submitted + 1)

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
    digest = messages.locator(".msg").filter(has_text="【督办周报】2022年6月13日—6月19日").first
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
            client.headers["X-Duban-Token"] = demo.api.app[webchat.TOKEN]     # as the page sends it
            with Session(demo.duban.engine) as session:
                assert "2026" in session.execute(select(PlanRow.title)).scalar_one()
                dues = session.execute(select(DueItemRow.due).where(DueItemRow.due.is_not(None))).scalars()
                years = {d.year for d in dues}
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


@pytest.fixture
async def phone(demo):
    """The web chat at a phone's width (390 × 844, an iPhone 12's CSS pixels), touch and all."""
    _need_browser()
    from playwright.async_api import async_playwright, expect
    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        page.set_default_timeout(WAIT_MS)
        await page.goto(f"http://127.0.0.1:{demo.api.port}/")
        yield page
        await browser.close()


async def _be(page, unit: str, role: str):
    """On a phone: back to the list of people, then the unit's person in that role."""
    if await page.locator("#back").is_visible():
        await page.locator("#back").click()
    await page.locator("#filter").fill(unit)
    await page.get_by_test_id("person").filter(has_text=role).first.click()


async def _fits(page) -> None:
    """Nothing wider than the phone: not the page, not a message bubble cut off at either side."""
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the phone"
    assert await page.evaluate("""[...document.querySelectorAll('.bubble')].every(b => {
        const box = b.getBoundingClientRect(); return box.left >= 0 && box.right <= window.innerWidth; })""")


async def test_on_a_phone_a_liaison_replies_to_the_bot_and_b_and_the_leader_see_the_escalation(demo, phone):
    from playwright.async_api import expect
    page, messages = phone, phone.get_by_test_id("messages")
    await expect(page.get_by_test_id("person")).to_have_count(1 + 28 * 3)      # the office, and A, B, leader of each
    await _fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "webchat-phone-people.png"))
    await _be(page, "政务公开办", "管理员")
    await page.get_by_test_id("join").click()
    welcome = messages.locator(".msg").filter(has_text="你好")
    await expect(welcome).to_contain_text("你现在是政务公开办管理员")
    assert (await welcome.inner_text()).count("政务公开办管理员") == 1          # 你好，王敏！ not the role twice
    for role in ("联络员（A岗）", "联络员（B岗）", "分管领导"):
        await _be(page, "杨和镇", role)
        await page.get_by_test_id("join").click()
        await expect(messages.locator(".msg").filter(has_text=f"你现在是「杨和镇」的{role}")).to_have_count(1)
    await _fits(page)

    await _be(page, "杨和镇", "联络员（A岗）")
    reminder = messages.locator(".msg").filter(has_text="即将到期")
    await expect(reminder).to_contain_text("6月15日（还有7天）")
    await reminder.get_by_role("button", name="52 已完成").click()
    asked = messages.locator(".msg").filter(has_text="发布页面的链接")
    await asked.get_by_test_id("reply").click()                             # the bot asks for a reply: reply to it
    await expect(page.get_by_test_id("reply-bar")).to_contain_text(
        "序号52「各单位政务公开工作要点要于6月15日…」的量化指标")
    await page.get_by_test_id("text").fill("http://www.yongning.gov.cn/xxgk/2022/yd.html")
    await page.get_by_test_id("send").click()
    mine = messages.locator(".msg.mine").filter(has_text="yd.html")
    # shown as a reply, as Telegram would
    await expect(mine.locator(".quote")).to_contain_text("序号52「各单位政务公开工作要点要于6月15日…」的量化指标")
    await expect(messages.locator(".msg").filter(has_text="已提交")).to_have_count(1)
    await expect(page.get_by_test_id("reply-bar")).to_be_hidden()
    await _fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "webchat-phone-reply.png"))

    await page.locator("#jump-date").fill("2022-06-20")     # 序号53 (6-15) is 3 working days overdue
    await page.locator("#jump").click()
    await expect(page.get_by_test_id("clock")).to_contain_text("2022-06-20 周一")
    await _be(page, "杨和镇", "联络员（B岗）")
    chased = messages.locator(".msg").filter(has_text="【督办催办】")
    await expect(chased.first).to_contain_text("序号53")
    await expect(chased.first).to_contain_text("同时提醒「杨和镇」A、B岗联络员")
    await _be(page, "杨和镇", "分管领导")
    escalated = messages.locator(".msg").filter(has_text="【督办督促】「杨和镇」")
    await expect(escalated.first).to_contain_text("序号53")
    await expect(escalated.first).not_to_contain_text("序号52")               # submitted: nobody is chased for it
    await _fits(page)
    await page.screenshot(path=str(ARTIFACTS / "webchat-phone-leader.png"))
async def test_the_demo_refuses_another_host_name_and_actions_without_the_pages_token(tmp_path):
    import re

    import aiohttp
    settings = Settings(database_url="", timezone=SHANGHAI, calendar_file=None)
    demo = await prepare(settings, 2022, 0, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    base = f"http://127.0.0.1:{demo.api.port}"
    try:
        async with running(demo.application), aiohttp.ClientSession() as client:
            page = await (await client.get(f"{base}/")).text()
            token = re.search(r'name="duban-token" content="([^"]+)"', page)[1]
            rebound = await client.get(f"{base}/api/state", headers={"Host": f"attacker.example:{demo.api.port}"})
            assert rebound.status == 403
            move = {"to": "next-workday"}
            for forged in ({}, {"X-Duban-Token": "guess"}):        # what a page on another site can send
                assert (await client.post(f"{base}/api/clock", json=move, headers=forged)).status == 403
            assert demo.duban.today().isoformat() == "2022-06-08"
            moved = await client.post(f"{base}/api/clock", json=move, headers={"X-Duban-Token": token})
            assert moved.status == 200 and (await moved.json())["today"] == "2022-06-09"
    finally:
        await demo.api.stop()
