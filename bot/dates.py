"""Dates in replies: Duban's own Chinese grammar first, dateparser for the rest (ISO, numeric, English).

dateparser misreads Chinese deadlines (6月15日前 → a date in 2021, see the
engineering notes), so it only sees text without Chinese characters.
"""
import re
from datetime import date, datetime

import dateparser

from workflows.reply_text import reply_date

_CJK = re.compile(r"[\u4e00-\u9fff]")
_URL = re.compile(r"https?://\S+")


def understood_date(text: str, today: date) -> date | None:
    found = reply_date(text, today)
    if found or _CJK.search(text):
        return found
    rest = _URL.sub(" ", text).strip()
    if not rest:
        return None
    parsed = dateparser.parse(rest, settings={"RELATIVE_BASE": datetime(today.year, today.month, today.day),
                                              "PREFER_DATES_FROM": "future", "REQUIRE_PARTS": ["day", "month"]})
    return parsed.date() if parsed else None
