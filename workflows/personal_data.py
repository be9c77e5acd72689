"""Personal data published unmasked: 身份证号, mainland mobile numbers and bank card numbers in evidence.

The plans require 隐私信息要遮掩. A number counts only when it is whole and
valid: a 身份证号 of 18 characters whose province code and birth date exist and
whose check digit agrees (GB 11643), a mobile number 1[3-9] and nine more
digits, a bank card number of 16–19 digits that passes Luhn and starts as card
numbers do (3–6, 9). Masked forms (640121********1234, 138****5678) leave no run
of digits to match. What is reported is masked the same way: a finding never
repeats the number itself.
"""
import re
from dataclasses import dataclass
from datetime import date

ID_CARD, MOBILE, BANK_CARD = "身份证号", "手机号", "银行卡号"
EXCERPT_CONTEXT = 10      # characters of the passage shown either side of a number

_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_CHECK_DIGITS = "10X98765432"
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")    # read as digits, shown as typed elsewhere
_D, _X = "[0-9０-９]", "[XxＸｘ]"
# a run of digits on its own, or one written in the usual groups (138 1234 5678, 6222 0212 3456 7890)
_NUMBER = re.compile(rf"(?<![0-9０-９A-Za-z])(?:1[3-9]{_D}[ -]{_D}{{4}}[ -]{_D}{{4}}|{_D}{{4}}(?:[ -]{_D}{{4}}){{3}}"
                     rf"(?:[ -]{_D}{{1,3}})?|{_D}{{6}} {_D}{{8}} {_D}{{3}}(?:{_D}|{_X})|\+?{_D}{{11,19}}{_X}?)"
                     r"(?![0-9０-９A-Za-z])")


@dataclass(frozen=True)
class Passage:
    """A piece of a page or file's text and where it is, as a person would find it: 第2页, 表格1第3行第2列."""
    where: str
    text: str


@dataclass(frozen=True)
class Finding:
    kind: str        # ID_CARD, MOBILE, BANK_CARD
    where: str
    excerpt: str     # the passage around the number, every number in it masked


def id_card_valid(number: str) -> bool:
    """18 characters, a province, a birth date that exists and the GB 11643 check digit (X for 10)."""
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    check = _CHECK_DIGITS[sum(int(d) * w for d, w in zip(number, _WEIGHTS)) % 11]
    return born.year >= 1900 and number[17].upper() == check


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def kind_of(written: str) -> str | None:
    """What a run of digits is, when it is one of the three; None otherwise."""
    number = re.sub(r"[ -]", "", written.translate(_FULL_WIDTH)).lstrip("+")
    if id_card_valid(number):
        return ID_CARD
    if len(number) == 13 and number.startswith("86"):    # +86 138…
        number = number[2:]
    if len(number) == 11 and re.fullmatch(r"1[3-9]\d{9}", number):
        return MOBILE
    if number.isdigit() and 16 <= len(number) <= 19 and number[0] in "345669" and luhn_valid(number):
        return BANK_CARD
    return None


def masked(written: str, kind: str) -> str:
    """The number as it may be published: 640121********1234, 138****5678, 6222***********1234."""
    number = re.sub(r"[ -]", "", written.translate(_FULL_WIDTH)).lstrip("+")
    if kind == MOBILE:
        number = number[-11:]
        return number[:3] + "****" + number[-4:]
    keep = 6 if kind == ID_CARD else 4
    return number[:keep] + "*" * (len(number) - keep - 4) + number[-4:]


def _numbers(text: str) -> list[tuple[re.Match, str]]:
    found = ((match, kind_of(match[0])) for match in _NUMBER.finditer(text))
    return [(match, kind) for match, kind in found if kind]


def _masking(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text with every number masked, and each number's kind and span in the masked text."""
    pieces, spans, last, length = [], [], 0, 0
    for match, kind in _numbers(text):
        pieces += [text[last:match.start()], masked(match[0], kind)]
        length += match.start() - last
        spans.append((kind, length, length + len(pieces[-1])))
        length += len(pieces[-1])
        last = match.end()
    return "".join(pieces) + text[last:], spans


def mask(text: str) -> str:
    """The text with every number found in it masked: what may be stored, logged or shown."""
    return _masking(text)[0]


def _excerpt(text: str, start: int, end: int) -> str:
    """The masked number in 【】 with the masked text around it: a cut never leaves part of a number bare."""
    head = "…" if start > EXCERPT_CONTEXT else ""
    tail = "…" if end + EXCERPT_CONTEXT < len(text) else ""
    around = (text[max(0, start - EXCERPT_CONTEXT):start], text[start:end], text[end:end + EXCERPT_CONTEXT])
    return " ".join(f"{head}{around[0]}【{around[1]}】{around[2]}{tail}".split())


def find_personal_data(passages: list[Passage]) -> list[Finding]:
    """Every unmasked number in the passages, in order, each with where it is and a masked excerpt."""
    findings = []
    for passage in passages:
        if not _NUMBER.search(passage.text):     # most passages have no long number: skip the masking
            continue
        text, spans = _masking(passage.text)
        findings += [Finding(kind, passage.where, _excerpt(text, start, end)) for kind, start, end in spans]
    return findings
