"""Reading deadline rules out of a plan's words.

`parse_deadline` reads a 完成时限 cell; `rules_in_content` finds the duties with
their own dates inside a row's 主要内容 (6月15日前, 每半年报送, 文件公开后3个工作日内).
Both work on normalised text (see workflows.text) and never guess: text they do
not understand gives None, and the caller reports it.
"""
import re
from datetime import date

from workflows.deadline import (
    AfterEvent, AfterIssue, AnnualReportStatutory, DeadlineRule, EachHalfYearEnd,
    EachQuarterEnd, EachQuarterLastMonthDay, FixedDate, FromContent, MonthEnd,
    NeedsDate, Ongoing, SeveralDates, WithinYear, Yearly,
)
from workflows.text import normalise

POLICY_TIMELINE = "完成时限取决于政策时限，请政务公开办设定日期"

_BY = r"(?:前|之前|以前)?"
_MONTH = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>\d{{1,2}})月(?:份)?(?:底|末)?{_BY}")
_DATE = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]{_BY}")
_SEVERAL = re.compile(r"分别于(?P<list>(?:\d{1,2}月\d{1,2}日[、，和及]?)+)前")
_QUARTER_DAY = re.compile(r"每季度(?:的)?最后(?:1个|一个)?月(?:的)?(?P<d>\d{1,2})[日号]" + _BY)
_HALF_YEAR = re.compile(r"每半年(?:报送|报|提交|上报)")
_YEARLY = re.compile(rf"每年(?:(?P<end>年底|年末)|(?P<m>\d{{1,2}})月(?:份)?(?:(?P<d>\d{{1,2}})[日号]|底|末)?){_BY}")
_EVENT = re.compile(r"(?P<event>(?:文件|决策|政策|规划|方案)(?:公开|公布|出台|印发|发布))后"
                    r"(?P<n>\d{1,3})个?(?P<unit>工作日|天|日)内")
_AFTER_ISSUE = re.compile(r"(?:制发后|印发后|于)(?P<n>\d{1,3})(?:天|日)内")
_ANNUAL_REPORT = re.compile(r"政府信息公开(?:工作)?年度报告")

_ONGOING = {"长期坚持", "全年持续推进", "全年", "持续推进", "长期", "常态化", "全年推进", "长期推进", "持续落实",
            "长期坚持推进", "常态化推进", "持续开展", "长期开展", "常态长效"}
# 2017年底前完成并持续落实: a date, then the duty goes on
_AND_ONGOING = re.compile(r"(?:完成)?[，,并]*(?:持续落实|长期坚持|持续推进|长期推进|常态化推进)$")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})[./\-](\d{1,2})(?:[./\-](\d{1,2}))?(?![\d.])")
_PART_OF_YEAR = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?:(?P<half>[上下])半年|第?(?P<q>[1-4])季度)(?:末|底)?{_BY}")
_YEAR_END = re.compile(r"(?P<y>\d{4})年(?:年)?(?:底|末|内)" + _BY)
_AS_REQUIRED = {"按照要求", "按要求", "按上级要求"}
_WITHIN_YEAR = {"年内", "年底前", "年底", "年末", "本年度内"}


def _dates_list(text: str, year: int) -> tuple[date, ...]:
    return tuple(date(year, int(m), int(d)) for m, d in re.findall(r"(\d{1,2})月(\d{1,2})日", text))


def _month_rule(match: re.Match, year: int) -> DeadlineRule:
    return MonthEnd(int(match["y"] or year), int(match["m"]))


def _fixed(match: re.Match, year: int) -> DeadlineRule:
    return FixedDate(date(int(match["y"] or year), int(match["m"]), int(match["d"])))


def _yearly(match: re.Match, year: int) -> DeadlineRule:
    if match["end"]:
        return Yearly(year, 12, 31)
    return Yearly(year, int(match["m"]), int(match["d"]) if match["d"] else None)


def _event(match: re.Match, year: int) -> DeadlineRule:
    return AfterEvent(match["event"], int(match["n"]), match["unit"] == "工作日")


def _after_issue(issued: date | None):
    def build(match: re.Match, year: int) -> DeadlineRule:
        if issued is None:
            return NeedsDate(f"按印发日期起算{match['n']}天，但印发日期不详，请设定")
        return AfterIssue(int(match["n"]), issued)
    return build


def _spelled(cell: str) -> str:
    """2022.6.30, 2022-06-30, 2022/6 as 2022年6月30日, 2022年6月."""
    return _NUMERIC_DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月" + (f"{int(m[3])}日" if m[3] else ""), cell)


def _part_of_year(match: re.Match, year: int) -> DeadlineRule:
    """上半年 / 下半年 / 第1季度(末): the last day of that half or quarter."""
    month = (6 if match["half"] == "上" else 12) if match["half"] else 3 * int(match["q"])
    return MonthEnd(int(match["y"] or year), month)


def parse_deadline(text: str, year: int, issued: date | None = None) -> DeadlineRule | None:
    """The rule of one 完成时限 cell, or None when it is not understood.

    Raises ValueError when the text names a day that does not exist (2月30日).
    """
    cell = _spelled(normalise(text).rstrip("。;；")).rstrip(".")
    if cell in _ONGOING:
        return Ongoing()
    if cell in _AS_REQUIRED:
        return FromContent()
    if cell in _WITHIN_YEAR or cell == f"{year}年内":
        return WithinYear(year)
    year_end = _YEAR_END.fullmatch(cell)
    if year_end:
        return WithinYear(int(year_end["y"]))
    if cell.startswith("根据政策时限"):
        return NeedsDate(POLICY_TIMELINE)
    if cell.startswith(("按季度", "每季度末")):
        return EachQuarterEnd(year)
    whole = [(_DATE, _fixed), (_MONTH, _month_rule), (_SEVERAL, lambda m, y: SeveralDates(_dates_list(m["list"], y))),
             (_QUARTER_DAY, lambda m, y: EachQuarterLastMonthDay(y, int(m["d"]))),
             (_HALF_YEAR, lambda m, y: EachHalfYearEnd(y)), (_YEARLY, _yearly), (_EVENT, _event),
             (_AFTER_ISSUE, _after_issue(issued)), (_PART_OF_YEAR, _part_of_year)]
    for pattern, build in whole:
        match = pattern.fullmatch(cell)
        if match:
            return build(match, year)
    if cell in {"每半年", "每半年1次"}:
        return EachHalfYearEnd(year)
    return None


def parse_deadline_cell(text: str, year: int, issued: date | None = None) -> list[DeadlineRule] | None:
    """Every rule of one 完成时限 cell: one phrase, a date followed by an ongoing duty
    (2017年底前完成并持续落实), or one date per clause (2021年2月公布预算信息，2021年8月公布…决算信息;
    6月底前、11月底前).

    None when any part is not understood; ValueError for a day that does not exist."""
    cell = normalise(text).rstrip("。.;；")
    whole = parse_deadline(cell, year, issued)
    if whole is not None:
        return [whole]
    ongoing = _AND_ONGOING.search(cell)
    if ongoing and ongoing.start() > 0:
        first = parse_deadline(cell[:ongoing.start()], year, issued)
        return [first, Ongoing()] if first is not None else None
    rules = [_leading_date(clause, year) for clause in re.split(r"[，,；;、]", cell) if clause]
    return rules if len(rules) > 1 and all(rules) else None


def _leading_date(clause: str, year: int) -> DeadlineRule | None:
    for pattern, build in ((_DATE, _fixed), (_MONTH, _month_rule)):
        match = pattern.match(clause)
        if match:
            return build(match, year)
    return None


# Content duties, most specific first: a span matched once is not read again,
# so 12月10日前 inside 分别于…前 is not also a single date.
_CONTENT = [
    (_SEVERAL, lambda m, y: SeveralDates(_dates_list(m["list"], y))),
    (_QUARTER_DAY, lambda m, y: EachQuarterLastMonthDay(y, int(m["d"]))),
    (_YEARLY, _yearly),
    (_HALF_YEAR, lambda m, y: EachHalfYearEnd(y)),
    (_EVENT, _event),
    (re.compile(r"(?<!\d)" + _DATE.pattern.replace(_BY, r"(?:前|之前|以前)")), _fixed),
    (re.compile(r"(?<!\d)(?P<y>\d{4})年(?:年)?(?:底|末)(?:前|之前)"), lambda m, y: WithinYear(int(m["y"]))),
    (re.compile(r"(?:今年|本年度?)(?:内|底前)"), lambda m, y: WithinYear(y)),
    (re.compile(r"(?<!\d)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:底|末)(?:前|之前)"), _month_rule),
    (_ANNUAL_REPORT, lambda m, y: AnnualReportStatutory(y)),
]


def deadline_words(text: str) -> str:
    """The first dated phrase of a task's text, as written (no year needed to find it)."""
    flat = normalise(text)
    found = [m for pattern, _ in _CONTENT if pattern is not _ANNUAL_REPORT for m in [pattern.search(flat)] if m]
    return min(found, key=lambda m: m.start()).group() if found else ""


def rules_in_content(content: str, year: int, issued: date | None = None) -> list[tuple[DeadlineRule, str]]:
    """Dated duties written inside a row's content with the words they were read from, in order."""
    text = normalise(content)
    found: list[tuple[int, DeadlineRule, str]] = []
    for pattern, build in _CONTENT + [(_AFTER_ISSUE, _after_issue(issued))]:
        for match in pattern.finditer(text):
            found.append((match.start(), build(match, year), match.group()))
            text = text[:match.start()] + "#" * (match.end() - match.start()) + text[match.end():]
    unique: dict[DeadlineRule, str] = {}
    for _, rule, words in sorted(found, key=lambda f: f[0]):
        unique.setdefault(rule, words)
    return list(unique.items())
