"""What the office's web console reads: every unit's light, counts and rates, and the cadence's next dates.

The lights are `workflows.traffic`'s and the rates the reports' (`workflows.cadence.ItemFact`): the console
counts in the database and hands the core one stand-in item per (unit, state, date band), so a province's
50,000 items come back as a few thousand grouped rows, judged by the same rules as the digest's.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, func, literal, select
from sqlmodel import Session

from store.tables import DueItemRow, PersonRow, ReplyRow, UnitRow
from workflows.cadence import FEEDBACK, ItemFact
from workflows.calendar import WorkCalendar
from workflows.item_state import ACCEPTED, OPEN, SUBMITTED, ItemState
from workflows.report_schedule import QUARTERLY, WEEKLY, reports_on
from workflows.traffic import RED, SOON_WORKDAYS, YELLOW, lights_on, unit_light

GREY = "grey"           # nobody of the unit has joined: it cannot answer, whatever its items say
BEFORE_YEAR, PAST, SOON, LATER = 0, 1, 2, 3     # date bands: before the plan year, in it and past, due soon, later


@dataclass(frozen=True)
class UnitSummary:
    id: int
    name: str
    kind: str
    groups: tuple[str, ...]
    light: str              # red, yellow, green or grey
    open: int
    due_soon: int           # open, due within SOON_WORKDAYS working days
    overdue: int
    awaiting: int           # submitted, waiting for the office's verification
    due: int                # items counted in the rates: due this plan year before today, not waived nor held
    on_time: int
    closed: int             # of those, accepted (办结)

    @property
    def on_time_rate(self) -> float | None:
        """按期完成率: the reports' on-time rate (workflows.digest.UnitRate), None when nothing was due yet."""
        return self.on_time / self.due if self.due else None

    @property
    def closed_rate(self) -> float | None:
        """办结率: the share of the items due so far that the office accepted, on time or not."""
        return self.closed / self.due if self.due else None


@dataclass(frozen=True)
class Cadence:
    """The next days the office works to: the next 月反馈 round's due date, the next 周报 and 季度通报."""
    feedback: date | None
    weekly: date | None
    circulation: date | None


def _band(today: date, soon_ends: date, year_start: date):
    return case((DueItemRow.due < year_start, literal(BEFORE_YEAR)), (DueItemRow.due < today, literal(PAST)),
                (DueItemRow.due < soon_ends, literal(SOON)), else_=literal(LATER))


def _stand_in(band: int, state: str, today: date, soon_ends: date) -> ItemState:
    """An item of the band and state, for the core's light: overdue, due within the soon window, or later."""
    due = {BEFORE_YEAR: today - timedelta(days=1), PAST: today - timedelta(days=1), SOON: today}.get(band, soon_ends)
    return ItemState(state, due, due)


def _grouped(session: Session, plan_id: int, today: date, soon_ends: date, year_start: date):
    band = _band(today, soon_ends, year_start)
    return session.execute(select(DueItemRow.unit_id, DueItemRow.state, band, func.count())
                           .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False))
                           .group_by(DueItemRow.unit_id, DueItemRow.state, band)).all()


def _on_time(session: Session, plan_id: int, today: date, year_start: date, zone) -> dict[int, int]:
    """Each unit's accepted items due this year before today that were submitted by their due date.

    Only accepted items are read, each with its last submission, and judged by `ItemFact.on_time`."""
    submitted = (select(ReplyRow.item_id, func.max(ReplyRow.at).label("at"))
                 .where(ReplyRow.action == "submit").group_by(ReplyRow.item_id).subquery())
    counted: dict[int, int] = {}
    for unit_id, due, at in session.execute(
            select(DueItemRow.unit_id, DueItemRow.due, submitted.c.at)
            .join(submitted, submitted.c.item_id == DueItemRow.id)
            .where(DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False), DueItemRow.state == ACCEPTED,
                   DueItemRow.due >= year_start, DueItemRow.due < today)):
        on = _utc(at).astimezone(zone).date()
        counted[unit_id] = counted.get(unit_id, 0) + ItemFact("", "", "", due, ACCEPTED, on).on_time()
    return counted


def _utc(value: datetime) -> datetime:
    """max() over a UTC column comes back without the column type's conversion: naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _joined(session: Session) -> set[int]:
    return set(session.execute(select(PersonRow.unit_id).where(PersonRow.active.is_(True),
                                                               PersonRow.unit_id.is_not(None)).distinct()).scalars())


def unit_summaries(session: Session, plan_id: int, year: int, today: date, calendar: WorkCalendar,
                   zone) -> list[UnitSummary]:
    """Every unit with an item in the plan, by name."""
    soon_ends = calendar.add_workdays(today, SOON_WORKDAYS + 1).date
    year_start = date(year, 1, 1)
    light_of = lights_on(today, calendar)
    tallies: dict[int, dict] = {}
    for unit_id, state, band, n in _grouped(session, plan_id, today, soon_ends, year_start):
        t = tallies.setdefault(unit_id, {"lights": [], "open": 0, "soon": 0, "overdue": 0, "awaiting": 0, "due": 0,
                                         "closed": 0})
        light = light_of(_stand_in(band, state, today, soon_ends))
        t["lights"].append(light)
        t["open"] += n if state in OPEN else 0
        t["soon"] += n if light == YELLOW and band == SOON else 0
        t["overdue"] += n if light == RED else 0
        t["awaiting"] += n if state == SUBMITTED else 0
        counted = band == PAST and ItemFact("", "", "", None, state, None).counted
        t["due"] += n if counted else 0
        t["closed"] += n if counted and state == ACCEPTED else 0
    on_time = _on_time(session, plan_id, today, year_start, zone)
    joined = _joined(session)
    units = session.execute(select(UnitRow).where(UnitRow.id.in_(list(tallies))).order_by(UnitRow.name)).scalars()
    return [UnitSummary(u.id, u.name, u.kind, tuple(g for g in u.groups.split("、") if g),
                        unit_light(tallies[u.id]["lights"]) if u.id in joined else GREY,
                        tallies[u.id]["open"], tallies[u.id]["soon"], tallies[u.id]["overdue"],
                        tallies[u.id]["awaiting"], tallies[u.id]["due"], on_time.get(u.id, 0),
                        tallies[u.id]["closed"]) for u in units]


def _next_report(kind: str, today: date, calendar: WorkCalendar, horizon: int = 100) -> date | None:
    for day in (today + timedelta(days=n) for n in range(horizon)):
        if any(r.kind == kind for r in reports_on(day, calendar)):
            return day
    return None


def cadence(session: Session, plan_id: int, today: date, calendar: WorkCalendar) -> Cadence:
    feedback = session.execute(select(func.min(DueItemRow.due)).where(
        DueItemRow.plan_id == plan_id, DueItemRow.kind == FEEDBACK, DueItemRow.due >= today,
        DueItemRow.retired.is_(False))).scalar()
    return Cadence(feedback, _next_report(WEEKLY, today, calendar), _next_report(QUARTERLY, today, calendar))

