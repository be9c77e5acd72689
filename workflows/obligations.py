"""What one row obliges: its duties, each a deadline rule with the words it was read from.

The 完成时限 cell gives the main rule; the content may add duties with their
own dates (每半年报送, 文件公开后3个工作日内, 政府信息公开工作年度报告) or sharpen
the cell (column 2022年6月, content 6月15日前: the precise date wins); a precise
date in the cell stands alone, so the office's correction replaces the content's.
按照要求 takes the rule from the content alone; with no deadline written at all,
the row is followed as ongoing until the office sets a date. A year far from the
plan's is taken for a misprint: flagged, not followed. What cannot be understood becomes a
needs-date duty with an error; what is understood but leaves the office a
decision (a policy-dependent timeline, a date already past at issue) is a notice.
"""
from dataclasses import dataclass
from datetime import date

from workflows.deadline import (
    AnnualReportStatutory, DeadlineRule, FixedDate, FromContent, MonthEnd, NeedsDate, SeveralDates, Unstated,
)
from workflows.deadline_text import parse_deadline_cell, rules_in_content
from workflows.plan import CONTENT, DEADLINE, ERROR, NOTICE, Problem, Task

UNREADABLE = "无法识别的完成时限，请政务公开办设定日期"
UNSTATED = "没有写明完成时限：先按长期工作每月反馈，请政务公开办设定日期"
FAR_YEAR = "完成时限中的年份 {year} 离计划年度 {plan} 太远，可能是笔误：未采用，请政务公开办核对"
_YEARS_BEFORE, _YEARS_AFTER = 1, 5   # multi-year plans run five years (2016-2020)


@dataclass(frozen=True)
class Duty:
    rule: DeadlineRule
    words: str  # the cell or the span of content the rule was read from


@dataclass(frozen=True)
class Obligation:
    task: Task
    duties: tuple[Duty, ...]

    @property
    def rules(self) -> tuple[DeadlineRule, ...]:
        return tuple(d.rule for d in self.duties)


def _sharpen(column: Duty, content: list[Duty]) -> tuple[list[Duty], list[Duty]]:
    """Precise dates in the content inside the column's month replace the month end; a precise
    date in the column (the plan's, or the office's correction in the review workbook) stands alone."""
    rule = column.rule
    if isinstance(rule, FixedDate | SeveralDates):
        return [column], [d for d in content if not isinstance(d.rule, FixedDate)]
    if not isinstance(rule, MonthEnd):
        return [column], content
    inside = [d for d in content if isinstance(d.rule, FixedDate)
              and (d.rule.day.year, d.rule.day.month) == (rule.year, rule.month)]
    return (inside or [column]), [d for d in content if d not in inside]


def _column_duties(task: Task, year: int, issued: date | None) -> tuple[list[Duty], list[Problem]]:
    try:
        rules = parse_deadline_cell(task.deadline_text, year, issued)
    except ValueError:
        rules, message = None, "完成时限中的日期不存在"
    else:
        message = UNREADABLE
    if rules is None:
        return [Duty(NeedsDate(UNREADABLE), task.deadline_text)], [
            Problem(task.row, DEADLINE, ERROR, message, task.deadline_text)]
    return [Duty(rule, task.deadline_text) for rule in rules], []


def _content_duties(task: Task, year: int, issued: date | None) -> tuple[list[Duty], list[Problem]]:
    """Dated duties in the content (and the metric); the statutory annual report wherever the row names it."""
    try:
        found = rules_in_content(task.content + "\n" + task.metric, year, issued)
    except ValueError:
        return [], [Problem(task.row, CONTENT, ERROR, "主要内容中的日期不存在", task.content)]
    duties = [Duty(r, words) for r, words in found]
    elsewhere = rules_in_content(task.heading + "\n" + task.notes, year)
    stated = {d.rule for d in duties}
    duties += [Duty(r, w) for r, w in elsewhere if isinstance(r, AnnualReportStatutory) and r not in stated]
    return duties, []


def _far_years(task: Task, duties: list[Duty], year: int) -> tuple[list[Duty], list[Problem]]:
    """A year far from the plan's is a misprint until the office says otherwise: flagged, not followed."""
    kept, problems = [], []
    for duty in duties:
        far = sorted({d.year for d in duty.rule.dates() if not year - _YEARS_BEFORE <= d.year <= year + _YEARS_AFTER})
        if far and not isinstance(duty.rule, AnnualReportStatutory):
            message = FAR_YEAR.format(year=far[0], plan=year)
            kept.append(Duty(NeedsDate(message), duty.words))
            problems.append(Problem(task.row, DEADLINE, ERROR, message, duty.words))
        else:
            kept.append(duty)
    return kept, problems


def _past_at_issue(task: Task, duties: list[Duty], issued: date | None) -> list[Problem]:
    past = sorted({d for duty in duties for d in duty.rule.dates() if issued and d < issued})
    if not past:
        return []
    days = "、".join(d.isoformat() for d in past)
    return [Problem(task.row, DEADLINE, NOTICE,
                    f"{days} 早于印发日期 {issued.isoformat()}，不生成到期事项，请政务公开办确认", task.deadline_text)]


def _combined(task: Task, columns: list[Duty], content: list[Duty]) -> tuple[list[Duty], list[Problem]]:
    if not task.deadline_text.strip():
        if content:
            return content, []
        return [Duty(Unstated(), "")], [Problem(task.row, DEADLINE, NOTICE, UNSTATED)]
    if isinstance(columns[0].rule, FromContent):
        if content:
            return content, []
        return [Duty(NeedsDate(UNREADABLE), task.deadline_text)], [
            Problem(task.row, DEADLINE, ERROR, "「按照要求」，但主要内容中没有写明时限", task.deadline_text)]
    main, extra = _sharpen(columns[0], content)
    main += columns[1:]
    return main + [d for d in extra if d.rule not in {m.rule for m in main}], []


def obligation_of(task: Task, year: int, issued: date | None) -> tuple[Obligation, list[Problem]]:
    columns, problems = _column_duties(task, year, issued) if task.deadline_text.strip() else ([], [])
    content, content_problems = _content_duties(task, year, issued)
    duties, combine_problems = _combined(task, columns, content)
    duties, far = _far_years(task, duties, year)
    problems += content_problems + combine_problems + far
    said = {UNREADABLE} | {p.message for p in far}
    problems += [Problem(task.row, DEADLINE, NOTICE, d.rule.reason, d.words) for d in duties
                 if isinstance(d.rule, NeedsDate) and d.rule.reason not in said]
    problems += _past_at_issue(task, duties, issued)
    return Obligation(task, tuple(duties)), problems
