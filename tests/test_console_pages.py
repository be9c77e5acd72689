"""The console's pages over Yongning's week: what the office reads and does, through the same use cases as the chat."""
import re

from tests.console_office import office, office_world_, watcher  # noqa: F401 (fixtures)
from tests.console_sample import JUDICIAL, WANGYUAN, YANGHE


def _row(html: str, unit: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{unit}</a>" in r)


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


async def test_the_dashboard_shows_every_unit_with_its_light_counts_and_rates(office):
    status, html = await office.get("/")
    assert status == 200
    assert "下次月反馈截止：<b>11月25日" in html and "下次季度通报：<b>1月3日" in html
    assert _cells(_row(html, JUDICIAL))[:1] + _cells(_row(html, JUDICIAL))[3:] == \
        ["黄", "22", "1", "0", "2", "92%", "100%"]
    assert _cells(_row(html, YANGHE))[0] == "红" and _cells(_row(html, YANGHE))[5] == "9"
    assert _cells(_row(html, WANGYUAN))[0] == "灰"


async def test_the_dashboard_filters_by_group_and_light_and_htmx_gets_the_table_alone(office):
    _, html = await office.get("/?group=乡镇（街道）&light=red&sort=overdue&dir=desc")
    assert f">{YANGHE}</a>" in html and f">{JUDICIAL}</a>" not in html and f">{WANGYUAN}</a>" not in html
    status, fragment = await office.get("/?light=yellow", headers={"HX-Request": "true", "HX-Target": "units"})
    assert status == 200 and fragment.lstrip().startswith('<div id="units"') and "<html" not in fragment
    assert f">{JUDICIAL}</a>" in fragment and f">{YANGHE}</a>" not in fragment


async def test_pages_render(office, office_world_):
    _, sample = office_world_
    for path in ("/unit/1", f"/item/{sample.awaiting_photo}", "/review", "/reports", "/reports?kind=quarterly&period=2022Q3",
                 "/reports?kind=monthly&period=2022-10", "/reports?kind=half-year", "/reports?kind=year-end"):
        status, html = await office.get(path)
        assert status == 200, (path, html[-3000:])
