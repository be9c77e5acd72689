"""The weekly digest's chart: each unit's on-time rate as a horizontal bar, labelled in Chinese, as PNG.

A bar's colour is the unit's traffic light on the digest's day (red: something
overdue; yellow: due within 3 working days or returned; green: on track),
named in the legend, the same colours the digest's text lists; a unit whose
items are all blocked is grey. A digest with no rate to show has no chart.

The font is Noto Sans CJK SC from the `mplfonts` wheel, given to each label by
path: matplotlib's default fonts have no Chinese glyphs and would draw boxes
(tofu). The figure is drawn without pyplot, so no backend or global state is set.
matplotlib (with numpy, some 60 MB) is imported when the first chart is drawn,
not by a bot that draws one a week; the font is found without importing mplfonts,
which imports matplotlib.
"""
from functools import cache
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path

from workflows.digest import UnitRate

MAX_UNITS = 40                  # the weakest 40: a province's 1,500 bars would tell nobody anything
COLOURS = {"red": "#c0392b", "yellow": "#e1a100", "green": "#2e8b57", "blocked": "#9e9e9e"}
FONT_FILE = Path(find_spec("mplfonts").submodule_search_locations[0]) / "fonts" / "NotoSansCJKsc-Regular.otf"


@cache
def chinese_font():
    from matplotlib.font_manager import FontProperties
    return FontProperties(fname=str(FONT_FILE))


def bar_colours(rates: list[UnitRate], lights: dict[str, str]) -> list[str]:
    """Each bar's colour: its unit's light, not its rate (a unit whose late items are all done is not red)."""
    return [COLOURS[lights.get(r.unit, "green")] for r in rates]


def rates_chart(title: str, rates: list[UnitRate], lights: dict[str, str], legend: dict[str, str]) -> bytes:
    """Weakest unit at the top; each bar says its rate and how many items were due, its colour the unit's light."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    font = chinese_font()
    shown = list(rates[:MAX_UNITS])[::-1]
    figure = Figure(figsize=(8, 1.2 + 0.32 * max(len(shown), 1)), dpi=110)
    axes = figure.subplots()
    axes.barh(range(len(shown)), [r.rate * 100 for r in shown], color=bar_colours(shown, lights))
    axes.set_yticks(range(len(shown)), [r.unit for r in shown], fontproperties=font, fontsize=9)
    for place, r in enumerate(shown):
        axes.text(r.rate * 100 + 1, place, f"{r.rate:.0%}（{r.on_time}/{r.due}）", va="center",
                  fontproperties=font, fontsize=8)
    axes.set_xlim(0, 118)
    axes.set_xlabel("按时完成率（%）", fontproperties=font)
    axes.set_title(title, fontproperties=font, fontsize=12)
    axes.legend(handles=[Patch(color=COLOURS[light], label=label) for light, label in legend.items()],
                prop=font, loc="lower right")
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
