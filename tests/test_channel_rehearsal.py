"""`duban run --channel dingtalk|wecom` without credentials: the web chat over that platform's emulator, in chromium.

The page is the Telegram rehearsal's; behind it Duban runs its real DingTalk or WeCom stack against the local
emulator, and the page's clicks are the person driver's acts (a robot message over the Stream, a signed callback).
"""
import pytest

from bot.channels.running import Running
from bot.config import Settings
from bot.rehearsal.channel_demo import AES_KEY, CALLBACK_TOKEN, TICK_SECONDS, prepare
from tests.bot_harness import SHANGHAI
from tests.test_webchat import ARTIFACTS, _become, _join, chat_page


@pytest.fixture(params=("dingtalk", "wecom"))
async def demo(request, tmp_path):
    settings = Settings(database_url="", timezone=SHANGHAI, calendar_file=None)
    running_demo = await prepare(settings, request.param, 2022, 0, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    async with Running(running_demo.duban, running_demo.channel, TICK_SECONDS):
        if request.param == "wecom":
            running_demo.api.emulator.connect_callback(running_demo.channel.callback_url, CALLBACK_TOKEN, AES_KEY)
        yield running_demo
    await running_demo.api.stop()


@pytest.fixture
async def page(demo):
    async with chat_page(demo.api.port) as opened:
        yield opened


async def test_join_by_code_a_reminder_card_pressed_a_link_and_the_office_accepts(demo, page):
    from playwright.async_api import expect
    await expect(page.locator(".brand")).to_contain_text(f"不连接 {demo.platform}")
    await _join(page, "政务公开办", "管理员")
    await _join(page, "杨和镇", "「杨和镇」的联络员（A岗）")

    messages = page.get_by_test_id("messages")            # the tick (every few seconds here) reminds
    await expect(messages.locator(".msg").filter(has_text="即将到期").first).to_contain_text("6月15日（还有7天）")
    await messages.get_by_role("button", name="52 已完成").last.click()
    await messages.get_by_text("链接").last.wait_for()
    await page.get_by_test_id("text").fill("已在政府网站发布 http://www.yongning.gov.cn/xxgk/2022/yd.html")
    await page.get_by_test_id("send").click()
    await messages.get_by_text("已提交").last.wait_for()

    await _become(page, "政务公开办")
    await page.get_by_test_id("text").fill("/review")
    await page.get_by_test_id("send").click()
    await messages.get_by_role("button", name="通过").last.click()
    await messages.get_by_text("已通过").last.wait_for()
    await _become(page, "杨和镇")
    await messages.get_by_text("已通过审核").last.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"webchat-{demo.duban.settings.channel}.png"), full_page=True)
