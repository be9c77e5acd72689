"""Report periods as the office writes them: 2022-W47, 2022-11, 2022Q3, 2022H1, 2022."""
import re
from datetime import date, timedelta

from workflows.deadline import month_end
from workflows.errors import InputError
from workflows.glossary import HALF_YEAR, MONTHLY, QUARTERLY, WEEKLY, YEAR_END


REFUSED = "'{text}' 不是报告期（如 2022-W47、2022-11、2022Q3、2022H1、2022）"


def period_bounds(text: str) -> tuple[date, date]:
    """First and last day of the period; InputError naming the text when it is not one (2022-13, 2022-W60 too)."""
    year = text.strip()[:4]
    if year.isdigit() and not 1900 <= int(year) <= 2999:   # 9999-W52 ends past date.max: an OverflowError
        raise InputError(f"'{text}' 不是报告期：年份应在 1900 至 2999 之间")
    try:
        return _bounds(text.strip().upper())
    except ValueError:      # the calendar's own words (month must be in 1..12) would reach the office
        raise InputError(REFUSED.format(text=text)) from None


def _bounds(value: str) -> tuple[date, date]:
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", value):
        first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return first, first + timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        return date(int(m[1]), int(m[2]), 1), month_end(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})Q([1-4])", value):
        last_month = int(m[2]) * 3
        return date(int(m[1]), last_month - 2, 1), month_end(int(m[1]), last_month)
    if m := re.fullmatch(r"(\d{4})H([12])", value):
        half = int(m[2])
        return date(int(m[1]), 1 if half == 1 else 7, 1), month_end(int(m[1]), 6 if half == 1 else 12)
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    raise ValueError(value)


_SHAPES = {WEEKLY: (r"\d{4}-W\d{1,2}", "本周、上周、2022年11月21日（该周任一天）或 2022-W47", "周报"),
           MONTHLY: (r"\d{4}-\d{1,2}", "2022年6月、上月或 2022-06", "月反馈汇总"),
           QUARTERLY: (r"\d{4}Q[1-4]", "2022年第三季度、上季度或 2022Q3", "季度通报"),
           HALF_YEAR: (r"\d{4}H[12]", "2022年上半年或 2022H1", "半年督查"),
           YEAR_END: (r"\d{4}", "2022年", "年底考评")}


def not_a_period(kind: str, text: str) -> str:
    _, example, name = _SHAPES[kind]
    return f"'{text}' 不是{name}的报告期，应写成如 {example}"


def report_period(kind: str, text: str) -> tuple[str, date, date]:
    """The period a report of `kind` covers, normalised (2022-w47 → 2022-W47), with its bounds."""
    value = text.strip().upper()
    if not re.fullmatch(_SHAPES[kind][0], value):
        raise InputError(not_a_period(kind, text))
    first, last = period_bounds(value)
    if kind == WEEKLY:
        value = f"{first.isocalendar().year}-W{first.isocalendar().week:02d}"
    elif kind == MONTHLY:
        value = f"{first.year}-{first.month:02d}"
    return value, first, last


def next_period(kind: str, period: str) -> str:
    """The period after `period` of a report of `kind` (for "mute the next one")."""
    _, first, last = report_period(kind, period)
    after = last + timedelta(days=1)
    if kind == WEEKLY:
        return f"{after.isocalendar().year}-W{after.isocalendar().week:02d}"
    if kind == MONTHLY:
        return f"{after.year}-{after.month:02d}"
    if kind == QUARTERLY:
        return f"{after.year}Q{(after.month + 2) // 3}"
    if kind == HALF_YEAR:
        return f"{first.year + 1}H1"      # the inspection list is a July report: next year's
    return f"{first.year + 1}"
