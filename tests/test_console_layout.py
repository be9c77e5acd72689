"""The console's 计划与名册, 人员, 留痕 and 设置 pages in Debian's chromium, at a desk's 1366×768 and a phone's
390 wide: signed in through the form, each page renders without the page scrolling sideways (wide tables scroll
inside their own frame), and a screenshot of each is kept in test-artifacts/."""
import pytest
from aiohttp.test_utils import TestServer

from bot.console.app import console_app
from tests.console_harness import ADMIN, PASSWORD, SAMPLE
from tests.test_webchat import ARTIFACTS, CHROMIUM, FLAGS, WAIT_MS, _need_browser

SIZES = {"desk": (1366, 768), "phone": (390, 844)}
PAGES = {"plans": "/plans", "people": "/plans/people", "audit": "/audit", "settings": "/settings"}


@pytest.fixture
async def served(console_world):
    server = TestServer(console_app(console_world.console), host="127.0.0.1")
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


@pytest.mark.parametrize("size", SIZES)
async def test_the_pages_fit_a_desk_and_a_phone(served, size):
    _need_browser()
    from playwright.async_api import async_playwright
    width, height = SIZES[size]
    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = await browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        page.set_default_timeout(WAIT_MS)
        await page.goto(served + "/plans")
        await page.fill("input[name=name]", ADMIN)
        await page.fill("input[name=password]", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_selector("h1:has-text('计划与名册')")
        for name, path in PAGES.items():
            await page.goto(served + path)
            if name == "audit":        # 校验 loads its result into the page (htmx)
                await page.click("form[hx-get] button")
                await page.wait_for_selector("#verify pre.anchor")
            assert await page.evaluate("document.documentElement.scrollWidth") <= width, (name, size)
            await page.screenshot(path=str(ARTIFACTS / f"console-{name}-{size}.png"))
        await page.goto(served + "/plans")
        await page.set_input_files("form[action='/plans/check'] input[type=file]", str(SAMPLE / "plan.txt"))
        await page.click("form[action='/plans/check'] button")
        await page.wait_for_selector("text=与已保存的第1版相同")
        assert await page.evaluate("document.documentElement.scrollWidth") <= width, ("check", size)
        await page.screenshot(path=str(ARTIFACTS / f"console-check-{size}.png"))
        await browser.close()
