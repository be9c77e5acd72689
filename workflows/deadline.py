"""Deadline rules: what a 完成时限 cell (or a duty in a row's content) means.

Each rule is a frozen value made concrete for one plan year. Dated rules answer
`dates()` (`workflows.due` keeps a window's); the others say why they have no
date: an event that has not happened yet, ongoing work answered in the monthly
feedback round, or a date only the office can set.
"""
from dataclasses import dataclass
from datetime import date
import calendar as _gregorian

from workflows.calendar import Day, WorkCalendar
from workflows.glossary import EVENT, NEEDS_DATE, ONCE, ONGOING, RECURRING


def month_end(year: int, month: int) -> date:
    return date(year, month, _gregorian.monthrange(year, month)[1])


class DeadlineRule:
    """Base of all rules. `kind` is how its due items are tracked."""
    kind = ONCE

    def __post_init__(self):
        self.dates()  # a rule naming a day that does not exist (2月30日, 13月) raises ValueError here

    def dates(self) -> tuple[date, ...]:
        return ()

    def dates_for(self, unit_kind: str) -> tuple[date, ...]:
        return self.dates()


@dataclass(frozen=True)
class MonthEnd(DeadlineRule):
    """2022年11月, 2022年10月底(前), 9月: the last day of that month."""
    year: int
    month: int

    def dates(self):
        return (month_end(self.year, self.month),)


@dataclass(frozen=True)
class FixedDate(DeadlineRule):
    """6月15日前, 3月31日前: that date, included."""
    day: date

    def dates(self):
        return (self.day,)


@dataclass(frozen=True)
class SeveralDates(DeadlineRule):
    """分别于6月10日、9月10日、12月10日前: one due item per date."""
    days: tuple[date, ...]
    kind = RECURRING

    def dates(self):
        return self.days


@dataclass(frozen=True)
class EachQuarterLastMonthDay(DeadlineRule):
    """每季度最后1个月15日前 (or 10日): the given day of March, June, September, December."""
    year: int
    day: int
    kind = RECURRING

    def dates(self):
        return tuple(date(self.year, m, self.day) for m in (3, 6, 9, 12))


@dataclass(frozen=True)
class EachQuarterEnd(DeadlineRule):
    """按季度: the last day of each quarter."""
    year: int
    kind = RECURRING

    def dates(self):
        return tuple(month_end(self.year, m) for m in (3, 6, 9, 12))


@dataclass(frozen=True)
class EachHalfYearEnd(DeadlineRule):
    """每半年报送: June 30 and December 31."""
    year: int
    kind = RECURRING

    def dates(self):
        return (date(self.year, 6, 30), date(self.year, 12, 31))


@dataclass(frozen=True)
class Yearly(DeadlineRule):
    """每年11月底前, 每年9月, 每年年底前: once in the plan year, again every year after."""
    year: int
    month: int
    day: int | None = None
    kind = RECURRING

    def dates(self):
        return (date(self.year, self.month, self.day) if self.day else month_end(self.year, self.month),)


@dataclass(frozen=True)
class WithinYear(DeadlineRule):
    """年内: December 31 of the plan year."""
    year: int

    def dates(self):
        return (date(self.year, 12, 31),)


@dataclass(frozen=True)
class AnnualReportStatutory(DeadlineRule):
    """政府信息公开工作年度报告: departments publish by 1月31日 of the next year;
    a government's report (here: a district or county unit) by 3月31日
    (《政府信息公开条例》 2019, art. 49 and 50)."""
    year: int

    def dates(self):
        return (date(self.year + 1, 1, 31),)

    def dates_for(self, unit_kind: str):
        return (date(self.year + 1, 3, 31),) if unit_kind == "district" else self.dates()


@dataclass(frozen=True)
class AfterIssue(DeadlineRule):
    """制发后15天内, 于30日内: calendar days after the plan's issue date."""
    days: int
    issued: date | None

    def dates(self):
        if self.issued is None:
            return ()
        return (date.fromordinal(self.issued.toordinal() + self.days),)


@dataclass(frozen=True)
class AfterEvent(DeadlineRule):
    """文件公开后3个工作日内, 决策出台后10个工作日内: due once the unit reports the event."""
    event: str
    count: int
    working_days: bool
    kind = EVENT

    def due_after(self, happened: date, calendar: WorkCalendar) -> Day:
        """The due date once the event happened on `happened` (that day itself not counted)."""
        if self.working_days:
            return calendar.add_workdays(happened, self.count)
        return calendar.add_days(happened, self.count)


@dataclass(frozen=True)
class Ongoing(DeadlineRule):
    """长期坚持, 全年持续推进, 全年: no completion date; answered in the monthly feedback round."""
    kind = ONGOING


@dataclass(frozen=True)
class Unstated(DeadlineRule):
    """No deadline written anywhere in the row: followed as ongoing work until the office sets a date."""
    kind = ONGOING


@dataclass(frozen=True)
class NeedsDate(DeadlineRule):
    """根据政策时限及时推进, or text no rule understands: the office must set a date."""
    reason: str
    kind = NEEDS_DATE


@dataclass(frozen=True)
class FromContent(DeadlineRule):
    """按照要求: the rule is written in the row's own content."""
    kind = NEEDS_DATE
