"""Report names and periods as the office writes them in chat: 周报, 2022年6月, 2022年第二季度, 上月, 上季度.

`understood_period` turns what a person wrote into the period's canonical form
(2022-W47, 2022-06, 2022Q2, 2022H1, 2022), which workflows.periods bounds and
checks against the report's kind; nothing written means the latest report's period.
"""
import re
from datetime import date, timedelta

from workflows.errors import InputError
from workflows.glossary import ANNUAL, HALF_YEAR, MONTHLY, QUARTERLY, WEEKLY, YEAR_END
from workflows.periods import not_a_period, report_period

KIND_WORDS = {
    WEEKLY: (WEEKLY, "周报", "督办周报"),
    MONTHLY: (MONTHLY, "月报", "月反馈", "月反馈汇总"),
    QUARTERLY: (QUARTERLY, "季报", "季度通报", "通报", "季度通报草稿"),
    HALF_YEAR: (HALF_YEAR, "半年督查", "督查", "半年督查名单"),
    YEAR_END: (YEAR_END, "年底考评", "考评", "年终考评"),
    ANNUAL: (ANNUAL, "年度报告", "年报", "政府信息公开工作年度报告"),
}
_PERIOD_OF = {ANNUAL: YEAR_END}     # the statutory annual report covers a year, as the scores do
_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:(\d{4})年)?"


def report_kind(word: str) -> str | None:
    """The report a word names (周报, monthly, 季度通报…), or None."""
    cleaned = word.strip().lower()
    return next((kind for kind, words in KIND_WORDS.items() if cleaned in words), None)


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month + 2) // 3}"


def _half(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


_OF_DAY = {WEEKLY: _week, MONTHLY: _month, QUARTERLY: _quarter, HALF_YEAR: _half,
           YEAR_END: lambda day: str(day.year)}


def _previous(kind: str, today: date) -> date:
    """A day in the period of `kind` before the one `today` is in."""
    first = report_period(kind, _OF_DAY[kind](today))[1]
    return first - timedelta(days=1)


def latest(kind: str, today: date) -> str:
    """The period of the latest report of `kind`: this week's digest (it opens the week), else the last complete
    month, quarter, half-year or year."""
    return _OF_DAY[kind](today if kind == WEEKLY else _previous(kind, today))


_RELATIVE = {"本周": (WEEKLY, False), "这周": (WEEKLY, False), "上周": (WEEKLY, True),
             "本月": (MONTHLY, False), "这个月": (MONTHLY, False), "上月": (MONTHLY, True),
             "上个月": (MONTHLY, True), "本季度": (QUARTERLY, False), "上季度": (QUARTERLY, True),
             "上个季度": (QUARTERLY, True), "今年": (YEAR_END, False), "本年": (YEAR_END, False),
             "本年度": (YEAR_END, False), "去年": (YEAR_END, True), "上年": (YEAR_END, True),
             "上年度": (YEAR_END, True)}


def _relative(word: str, today: date) -> str | None:
    if word not in _RELATIVE:
        return None
    kind, before = _RELATIVE[word]
    return _OF_DAY[kind](_previous(kind, today) if before else today)


def _written(text: str, today: date) -> str | None:
    """2022年6月, 2022年第二季度, 三季度, 2022年上半年, 2022年, 2022年11月21日 (the week, month… holding that day)."""
    if m := re.fullmatch(_YEAR + r"(\d{1,2})月(\d{1,2})日", text):
        return f"{m[1] or today.year}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := re.fullmatch(_YEAR + r"(\d{1,2})月(?:份)?", text):
        return f"{m[1] or today.year}-{int(m[2]):02d}"
    if m := re.fullmatch(_YEAR + r"第?([一二三四1-4])季度?", text):
        return f"{m[1] or today.year}Q{_NUMERALS[m[2]]}"
    if m := re.fullmatch(_YEAR + r"([上下])半年", text):
        return f"{m[1] or today.year}H{1 if m[2] == '上' else 2}"
    if m := re.fullmatch(r"(\d{4})年度?", text):
        return m[1]
    if m := re.fullmatch(_YEAR + r"第(\d{1,2})周", text):
        return f"{m[1] or today.year}-W{int(m[2]):02d}"
    return None


def understood_period(kind: str, text: str, today: date) -> str:
    """The canonical period of a `kind` report that `text` names; InputError (in Chinese, naming it) otherwise."""
    kind = _PERIOD_OF.get(kind, kind)
    written = text.strip()
    if not written:
        return latest(kind, today)
    value = _relative(written, today) or _written(written, today) or written
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):     # a day: the period holding it
            value = _OF_DAY[kind](date(int(m[1]), int(m[2]), int(m[3])))
        return report_period(kind, value)[0]
    except ValueError:
        raise InputError(not_a_period(kind, text)) from None


def period_words(kind: str, period: str) -> str:
    """How to write a period back in a command people can type: 2022年11月28日, 2022年11月, 2022年第四季度."""
    _, first, _ = report_period(kind, period)
    if kind == WEEKLY:
        return f"{first.year}年{first.month}月{first.day}日"
    if kind == MONTHLY:
        return f"{first.year}年{first.month}月"
    if kind == QUARTERLY:
        return f"{first.year}年第{'一二三四'[(first.month - 1) // 3]}季度"
    if kind == HALF_YEAR:
        return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
    return f"{first.year}年"
