"""Normalising the text of plans before anything tries to read it.

PDF extraction splits words across lines (`2022 年 11\\n\\n月`), Word mixes
full-width and half-width forms, and plans write numbers in Chinese. Every
matcher in Duban works on `normalise(text)`, never on the raw cell.
"""
import re
import unicodedata

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SPACE = re.compile(r"\s+")
# Only numerals before a counter: 一季度 → 1季度, but 统一 and 十九大 stay words.
_COUNTED_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十]+(?=[个月日天年季次号周])")


def chinese_number(numeral: str) -> int:
    """Value of a Chinese numeral up to 99, e.g. 十五 → 15, 二十 → 20."""
    if "十" not in numeral:
        return int("".join(str(_DIGITS[c]) for c in numeral))
    tens, _, units = numeral.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def _numeral_to_digits(match: re.Match) -> str:
    try:
        return str(chinese_number(match.group()))
    except (KeyError, ValueError):  # 十十, 一十五十: not a number, leave it
        return match.group()


def normalise(text: str) -> str:
    """NFKC, no whitespace at all, Chinese numerals before a counter as digits."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return _COUNTED_NUMERAL.sub(_numeral_to_digits, text)


def display_width(text: str) -> int:
    """Columns a line takes on the page: a CJK character counts two, ASCII one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
