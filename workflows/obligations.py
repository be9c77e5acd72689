"""What one row obliges: its duties, each a deadline rule with the words it was read from.

The 完成时限 cell gives the main rule; the content may add duties with their
own dates (每半年报送, 文件公开后3个工作日内, 政府信息公开工作年度报告) or sharpen
the cell (column 2022年6月, content 6月15日前: the precise date wins). 按照要求
takes the rule from the content alone. What cannot be understood becomes a
needs-date duty with an error; what is understood but leaves the office a
decision (a policy-dependent timeline, a date already past at issue) is a notice.
"""
from dataclasses import dataclass
from datetime import date

from workflows.deadline import DeadlineRule, FixedDate, FromContent, MonthEnd, NeedsDate
from workflows.deadline_text import parse_deadline, rules_in_content
from workflows.plan import ERROR, NOTICE, Problem, Task

UNREADABLE = "无法识别的完成时限，请政务公开办设定日期"


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
    """Precise dates in the content inside the column's month replace the month end."""
    rule = column.rule
    if not isinstance(rule, MonthEnd):
        return [column], content
    inside = [d for d in content if isinstance(d.rule, FixedDate)
              and (d.rule.day.year, d.rule.day.month) == (rule.year, rule.month)]
    return (inside or [column]), [d for d in content if d not in inside]


def _column_duty(task: Task, year: int, issued: date | None) -> tuple[Duty, list[Problem]]:
    try:
        rule = parse_deadline(task.deadline_text, year, issued)
    except ValueError:
        rule, message = None, "完成时限中的日期不存在"
    else:
        message = UNREADABLE
    if rule is None:
        return Duty(NeedsDate(UNREADABLE), task.deadline_text), [
            Problem(task.row, "完成时限", ERROR, message, task.deadline_text)]
    return Duty(rule, task.deadline_text), []


def _content_duties(task: Task, year: int, issued: date | None) -> tuple[list[Duty], list[Problem]]:
    try:
        return [Duty(r, words) for r, words in rules_in_content(task.content, year, issued)], []
    except ValueError:
        return [], [Problem(task.row, "主要内容", ERROR, "主要内容中的日期不存在", task.content)]


def _past_at_issue(task: Task, duties: list[Duty], issued: date | None) -> list[Problem]:
    past = sorted({d for duty in duties for d in duty.rule.dates() if issued and d < issued})
    if not past:
        return []
    days = "、".join(d.isoformat() for d in past)
    return [Problem(task.row, "完成时限", NOTICE,
                    f"{days} 早于印发日期 {issued.isoformat()}，不生成到期事项，请政务公开办确认", task.deadline_text)]


def obligation_of(task: Task, year: int, issued: date | None) -> tuple[Obligation, list[Problem]]:
    column, problems = _column_duty(task, year, issued)
    content, content_problems = _content_duties(task, year, issued)
    problems += content_problems
    if isinstance(column.rule, FromContent):
        duties = content or [Duty(NeedsDate(UNREADABLE), task.deadline_text)]
        if not content:
            problems.append(Problem(task.row, "完成时限", ERROR, "「按照要求」，但主要内容中没有写明时限", task.deadline_text))
    else:
        main, extra = _sharpen(column, content)
        duties = main + [d for d in extra if d.rule not in {m.rule for m in main}]
    problems += [Problem(task.row, "完成时限", NOTICE, d.rule.reason, d.words) for d in duties
                 if isinstance(d.rule, NeedsDate) and d.rule.reason != UNREADABLE]
    problems += _past_at_issue(task, duties, issued)
    return Obligation(task, tuple(duties)), problems
