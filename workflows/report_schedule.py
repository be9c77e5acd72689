"""When the cadence reports go out: each on the first working day after its period (the weekly on its own week's).

    weekly     (周报)      first working day of ISO week W       → period 2022-W47
                          (a week whose only working days are a weekend's 调休, as 2022-W40's
                          Saturday and Sunday after National Day, has none: the next covers it)
    monthly    (月反馈)    first working day of the next month   → period 2022-11
    quarterly  (季度通报)  first working day of the next quarter → period 2022Q3
    half-year  (半年督查)  first working day of July             → period 2022H1
    year-end   (年底考评)  any working day of the next January   → period 2022

Waiting for the period to close means every feedback round and deadline in it
has passed, so the figures do not move after the office has read them. The
year-end table counts the circulations the office sent, so it is offered all
January and goes out once the fourth quarter's circulation has been sent.
"""
from dataclasses import dataclass
from datetime import date

from workflows.calendar import WorkCalendar
from workflows.glossary import HALF_YEAR, MONTHLY, QUARTERLY, WEEKLY, YEAR_END
KINDS = (WEEKLY, MONTHLY, QUARTERLY, HALF_YEAR, YEAR_END)


@dataclass(frozen=True)
class ScheduledReport:
    kind: str
    period: str


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def reports_on(day: date, calendar: WorkCalendar) -> list[ScheduledReport]:
    """The reports whose day is `day`; none on a rest day."""
    if not calendar.is_workday(day):
        return []
    due = []
    year, week, _ = day.isocalendar()
    if day.weekday() < 5 and calendar.first_workday_on_or_after(date.fromisocalendar(year, week, 1)).date == day:
        due.append(ScheduledReport(WEEKLY, f"{year}-W{week:02d}"))
    if day.month == 1:
        due.append(ScheduledReport(YEAR_END, f"{day.year - 1}"))
    if calendar.first_workday_on_or_after(day.replace(day=1)).date != day:
        return due
    last_year, last_month = _previous_month(day)
    due.append(ScheduledReport(MONTHLY, f"{last_year}-{last_month:02d}"))
    if last_month % 3 == 0:
        due.append(ScheduledReport(QUARTERLY, f"{last_year}Q{last_month // 3}"))
    if day.month == 7:
        due.append(ScheduledReport(HALF_YEAR, f"{day.year}H1"))
    return due
