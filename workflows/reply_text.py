"""Reading a liaison's free-text reply: which item, what status, which links, which date.

"12号已完成 http://…", "序号5推进中", "下周五前完成". Dates in plain Chinese are
read here (下周五, 本月底, 11月30日, 3天后); anything else is left to the
caller's fallback, and what cannot be read is None — the bot then asks, it
never guesses.
"""
import re
from datetime import date, timedelta
from typing import NamedTuple

from workflows.deadline import month_end
from workflows.personal_data import mask
from workflows.text import normalise

DONE, PROGRESS, BLOCKED, EXTENSION = "done", "progress", "blocked", "extension"
_STATUS = [(r"申请延期|延期", EXTENSION), (r"有困难|困难|受阻|无法完成", BLOCKED),
           (r"推进中|正在推进|进行中|正在办理|办理中", PROGRESS), (r"已完成|已办结|已发布|完成了|办结|完成", DONE)]
_SEQ = re.compile(r"序号(\d{1,3})|第?(\d{1,3})(?:号|项|条)")
_URL = re.compile(r"https?://[^\s，。；、“”<>]+")
_WEEKDAYS = "一二三四五六日天"


class ReplyText(NamedTuple):
    seq: str | None
    status: str | None
    urls: tuple[str, ...]


def read_reply(text: str) -> ReplyText:
    urls = tuple(u.rstrip(".,)") for u in _URL.findall(text))
    flat = normalise(_URL.sub(" ", text))
    seq = _SEQ.search(flat)
    status = next((s for pattern, s in _STATUS if re.search(pattern, flat)), None)
    return ReplyText(seq[1] or seq[2] if seq else None, status, urls)


def without_links(text: str) -> str:
    """The reply's own words: a link's digits (an article id) are the page's, not a person's."""
    return _URL.sub(" ", text)


def mask_reply(text: str) -> str:
    """The reply as it is stored: personal numbers in its words masked, its links as sent."""
    pieces = re.split(f"({_URL.pattern})", text)
    return "".join(piece if n % 2 else mask(piece) for n, piece in enumerate(pieces))


def _weekday(flat: str, today: date) -> date | None:
    match = re.search(rf"(下下|下|本|这)?(?:周|星期|礼拜)([{_WEEKDAYS}])", flat)
    if not match:
        return None
    target = min(_WEEKDAYS.index(match[2]), 6)
    monday = today - timedelta(days=today.weekday())
    weeks = {"下": 1, "下下": 2}.get(match[1] or "", 0)
    day = monday + timedelta(weeks=weeks, days=target)
    return day if weeks or day >= today else day + timedelta(weeks=1)


def _month_day(flat: str, today: date) -> date | None:
    match = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]", flat)
    if not match:
        return None
    year = int(match[1]) if match[1] else today.year
    day = date(year, int(match[2]), int(match[3]))
    return day if match[1] or day >= today else date(year + 1, day.month, day.day)


def reply_date(text: str, today: date) -> date | None:
    """A date written in Chinese, relative to today; None when there is none."""
    flat = normalise(text)
    relative = {"今天": 0, "明天": 1, "后天": 2, "大后天": 3}
    for word in sorted(relative, key=len, reverse=True):
        if word in flat:
            return today + timedelta(days=relative[word])
    if match := re.search(r"(\d{1,3})(?:天|日)(?:后|以后|之后)", flat):
        return today + timedelta(days=int(match[1]))
    if re.search(r"(本|这个?)月(底|末)", flat):
        return month_end(today.year, today.month)
    if re.search(r"下个?月(底|末)", flat):
        nxt = month_end(today.year, today.month) + timedelta(days=1)
        return month_end(nxt.year, nxt.month)
    try:
        return _next_month_day(flat, today) or _weekday(flat, today) or _month_day(flat, today)
    except ValueError:   # 2月30日, 下月31日 said in October: not a day
        return None


def _next_month_day(flat: str, today: date) -> date | None:
    if match := re.search(r"下个?月(\d{1,2})[日号]", flat):
        nxt = month_end(today.year, today.month) + timedelta(days=1)
        return date(nxt.year, nxt.month, int(match[1]))
    return None
