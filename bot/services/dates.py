"""Dates in replies: Duban's own Chinese grammar first, dateparser for the rest (ISO, numeric, English).

dateparser misreads Chinese deadlines (6月15日前 → a date in 2021, see the
engineering notes), so it only sees text without Chinese characters. It reads
English only and at most `MAX_PARSED` characters: guessing the language of 2,000
characters took it 3–4 s on the event loop, and every other person's reply waited.
"""
import re
from datetime import date, datetime

import dateparser

from workflows.reply_text import reply_date

_CJK = re.compile(r"[\u4e00-\u9fff]")
_URL = re.compile(r"https?://\S+")
MAX_PARSED = 32     # 30 November 2022, 2022-11-30, next friday: a date is short
_SETTINGS = {"PREFER_DATES_FROM": "future", "REQUIRE_PARTS": ["day", "month"]}


def understood_date(text: str, today: date) -> date | None:
    found = reply_date(text, today)
    if found or _CJK.search(text):
        return found
    rest = _URL.sub(" ", text).strip()
    if not rest or len(rest) > MAX_PARSED:
        return None
    parsed = dateparser.parse(rest, languages=["en"],
                              settings={**_SETTINGS, "RELATIVE_BASE": datetime(today.year, today.month, today.day)})
    return parsed.date() if parsed else None


def prepare() -> None:
    """dateparser's first call loads its tables (0.3 s): done at start-up, in a thread, not in someone's reply."""
    understood_date("1 January 2000", date(2000, 1, 1))
