"""Report periods as the office writes them: 2022-W47, 2022-11, 2022Q3, 2022H1, 2022."""
import re
from datetime import date, timedelta

from workflows.deadline import month_end


def period_bounds(text: str) -> tuple[date, date]:
    """First and last day of the period; ValueError naming the text when it is not one."""
    value = text.strip().upper()
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
    raise ValueError(f"'{text}' 不是报告期（如 2022-W47、2022-11、2022Q3、2022H1、2022）")
