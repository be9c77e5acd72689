"""What the office's web console reads: every unit's light, counts and rates, and the cadence's next dates.

The lights are `workflows.traffic`'s and the rates the reports' (`workflows.cadence.ItemFact`): the console
counts in the database and hands the core one stand-in item per (unit, state, date band), so a province's
50,000 items come back as a few thousand grouped rows, judged by the same rules as the digest's.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, func, literal, select
from sqlmodel import Session

from store.tables import AuditEntry, CirculationRow, DueItemRow, OutboxRow, PersonRow, ReplyRow, TaskRow, UnitRow
from workflows.cadence import FEEDBACK, ItemFact
from workflows.calendar import WorkCalendar
from workflows.item_state import ACCEPTED, OPEN, SUBMITTED, ItemState
from workflows.report_schedule import QUARTERLY, WEEKLY, reports_on
from workflows.traffic import RED, SOON_WORKDAYS, YELLOW, lights_on, unit_light

MESSAGES_LISTED = 50    # a unit's latest messages on its page
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


def _of(plan_id: int, only: list[int] | None) -> tuple:
    """The plan's items (those of the units `only`, given some)."""
    units = (DueItemRow.unit_id.in_(only),) if only is not None else ()
    return (*units, DueItemRow.plan_id == plan_id, DueItemRow.retired.is_(False))


def _grouped(session: Session, where: tuple, today: date, soon_ends: date, year_start: date):
    band = _band(today, soon_ends, year_start)
    return session.execute(select(DueItemRow.unit_id, DueItemRow.state, band, func.count()).where(*where)
                           .group_by(DueItemRow.unit_id, DueItemRow.state, band)).all()


def _on_time(session: Session, where: tuple, today: date, year_start: date, zone) -> dict[int, int]:
    """Each unit's accepted items due this year before today that were submitted by their due date.

    Only accepted items are read, each with its last submission, and judged by `ItemFact.on_time`. Joined and
    grouped rather than a subquery per item: PostgreSQL hashes the join, in a third of the time."""
    counted: dict[int, int] = {}
    for unit_id, due, at in session.execute(
            select(DueItemRow.unit_id, DueItemRow.due, func.max(ReplyRow.at))
            .join(ReplyRow, (ReplyRow.item_id == DueItemRow.id) & (ReplyRow.action == "submit"))
            .where(*where, DueItemRow.state == ACCEPTED, DueItemRow.due >= year_start, DueItemRow.due < today)
            .group_by(DueItemRow.id, DueItemRow.unit_id, DueItemRow.due)):
        on = _utc(at).astimezone(zone).date() if at else None
        counted[unit_id] = counted.get(unit_id, 0) + ItemFact("", "", "", due, ACCEPTED, on).on_time()
    return counted


def _utc(value: datetime) -> datetime:
    """max() over a UTC column comes back without the column type's conversion: naive UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _joined(session: Session) -> set[int]:
    return set(session.execute(select(PersonRow.unit_id).where(PersonRow.active.is_(True),
                                                               PersonRow.unit_id.is_not(None)).distinct()).scalars())


def unit_summaries(session: Session, plan_id: int, year: int, today: date, calendar: WorkCalendar,
                   zone, only: list[int] | None = None) -> list[UnitSummary]:
    """Every unit with an item in the plan (or the units `only`), by name."""
    soon_ends = calendar.add_workdays(today, SOON_WORKDAYS + 1).date
    year_start = date(year, 1, 1)
    light_of = lights_on(today, calendar)
    lights: dict[tuple[int, str], str] = {}      # a handful of (band, state) pairs, judged once each
    tallies: dict[int, dict] = {}
    where = _of(plan_id, only)
    for unit_id, state, band, n in _grouped(session, where, today, soon_ends, year_start):
        t = tallies.setdefault(unit_id, {"lights": [], "open": 0, "soon": 0, "overdue": 0, "awaiting": 0, "due": 0,
                                         "closed": 0})
        if (band, state) not in lights:
            lights[band, state] = light_of(_stand_in(band, state, today, soon_ends))
        light = lights[band, state]
        t["lights"].append(light)
        t["open"] += n if state in OPEN else 0
        t["soon"] += n if light == YELLOW and band == SOON else 0
        t["overdue"] += n if light == RED else 0
        t["awaiting"] += n if state == SUBMITTED else 0
        counted = band == PAST and ItemFact("", "", "", None, state, None).counted
        t["due"] += n if counted else 0
        t["closed"] += n if counted and state == ACCEPTED else 0
    on_time = _on_time(session, where, today, year_start, zone)
    joined = _joined(session)
    units = session.execute(select(UnitRow.id, UnitRow.name, UnitRow.kind, UnitRow.groups)
                            .where(UnitRow.id.in_(list(tallies))).order_by(UnitRow.name))
    return [UnitSummary(unit_id, name, kind, tuple(g for g in groups.split("、") if g),
                        unit_light(t["lights"]) if unit_id in joined else GREY, t["open"], t["soon"], t["overdue"],
                        t["awaiting"], t["due"], on_time.get(unit_id, 0), t["closed"])
            for unit_id, name, kind, groups in units for t in [tallies[unit_id]]]


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



@dataclass(frozen=True)
class Message:
    """One message Duban queued for a person of the unit: a reminder, a verdict, a notice or a circulation."""
    at: datetime
    person: str
    role: str
    state: str              # the outbox's: queued, sent, failed …
    text: str
    key: str


def unit_messages(session: Session, unit_id: int, prefix: str = "", limit: int = MESSAGES_LISTED) -> list[Message]:
    """The latest messages to the unit's people, newest first; only those whose outbox key starts with `prefix`."""
    query = (select(OutboxRow.created_at, PersonRow.name, PersonRow.role, OutboxRow.state, OutboxRow.text,
                    OutboxRow.idempotency_key)
             .join(PersonRow, PersonRow.id == OutboxRow.person_id).where(PersonRow.unit_id == unit_id)
             .order_by(OutboxRow.id.desc()).limit(limit))
    if prefix:
        query = query.where(OutboxRow.idempotency_key.startswith(prefix))
    return [Message(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class Circulated:
    period: str
    named: bool             # the unit was named in it
    approved_by: str
    approved_at: datetime


def circulations_of(session: Session, plan_id: int, unit: str) -> list[Circulated]:
    """Every circulation the office sent for the plan, newest first, marked where it named the unit."""
    rows = session.execute(select(CirculationRow).where(CirculationRow.plan_id == plan_id)
                           .order_by(CirculationRow.period.desc())).scalars()
    return [Circulated(r.period, unit in r.named.split("、"), r.approved_by, r.approved_at) for r in rows]


@dataclass(frozen=True)
class ItemRecord:
    """An item with its plan row in full: what the office reads before it judges."""
    id: int
    unit_id: int
    unit: str
    kind: str
    period: str
    seq: str
    section: str
    heading: str
    content: str
    metric: str
    deadline_text: str
    notes: str
    detail: str
    due: date | None
    original_due: date | None
    state: str
    extension: str
    extension_to: date | None
    reason: str


def item_record(session: Session, item_id: int) -> ItemRecord | None:
    row = session.execute(
        select(DueItemRow.id, DueItemRow.unit_id, UnitRow.name, DueItemRow.kind, DueItemRow.period,
               func.coalesce(TaskRow.seq, ""), func.coalesce(TaskRow.section, ""), func.coalesce(TaskRow.heading, ""),
               func.coalesce(TaskRow.content, ""), func.coalesce(TaskRow.metric, ""),
               func.coalesce(TaskRow.deadline_text, ""), func.coalesce(TaskRow.notes, ""), DueItemRow.detail,
               DueItemRow.due, DueItemRow.original_due, DueItemRow.state, DueItemRow.extension,
               DueItemRow.extension_to, DueItemRow.reason)
        .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
        .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
        .where(DueItemRow.id == item_id)).first()
    return ItemRecord(*row) if row else None


@dataclass(frozen=True)
class Step:
    """One step of an item's timeline: a reply or verdict (a ReplyRow), or a reminder sent to its unit."""
    at: datetime
    who: str
    action: str             # a reply's action, or "remind"
    text: str
    urls: tuple[str, ...] = ()
    file_hash: str = ""
    expected: date | None = None


def timeline(session: Session, item_id: int, unit_id: int, label: str, due: date | None) -> list[Step]:
    """The item's replies and verdicts, and the reminders to its unit with a line naming it (its label, then its
    due date: a row due in several periods shares the label), oldest first."""
    steps = [Step(r.at, name or "", r.action, r.text, tuple(u for u in r.urls.splitlines() if u), r.file_hash,
                  r.expected_date)
             for r, name in session.execute(select(ReplyRow, PersonRow.name)
                                            .outerjoin(PersonRow, PersonRow.id == ReplyRow.person_id)
                                            .where(ReplyRow.item_id == item_id).order_by(ReplyRow.id))]
    named, day = f"{label} ", f"{due.month}月{due.day}日" if due else ""
    reminders = session.execute(
        select(OutboxRow.created_at, PersonRow.name, OutboxRow.text)
        .join(PersonRow, PersonRow.id == OutboxRow.person_id)
        .where(PersonRow.unit_id == unit_id, OutboxRow.idempotency_key.startswith("remind:"),
               OutboxRow.text.contains(named)).order_by(OutboxRow.id))
    steps += [Step(at, name, "remind", text) for at, name, text in reminders
              if any(named in line and day in line for line in text.splitlines())]
    return sorted(steps, key=lambda s: s.at)


REVIEW_LISTED = 100     # submissions on the review page at once, oldest first; the rest wait their turn


def submissions(session: Session, item_ids: list[int]) -> dict[int, Step]:
    """Each item's last submission (the evidence the office decides on)."""
    last = (select(func.max(ReplyRow.id)).where(ReplyRow.action == "submit", ReplyRow.item_id.in_(item_ids))
            .group_by(ReplyRow.item_id))
    return {r.item_id: Step(r.at, name or "", r.action, r.text, tuple(u for u in r.urls.splitlines() if u), r.file_hash)
            for r, name in session.execute(select(ReplyRow, PersonRow.name)
                                           .outerjoin(PersonRow, PersonRow.id == ReplyRow.person_id)
                                           .where(ReplyRow.id.in_(last)))}


# audit actions that move no unit's figures; item:N and person:N subjects move their unit's; anything else may
# move any (a plan imported, rules changed, a database restored)
_NO_FIGURES = ("console.", "report.", "audit.export", "db.backup", "circulation.sent", "unit.reminded", "invite.",
               "scheduler.", "annual_report.")
CHANGES_READ = 200      # more changes than this since the figures were read: read them all again


def last_change(session: Session) -> int:
    return session.execute(select(func.max(AuditEntry.id))).scalar() or 0


def changed_units(session: Session, since: int) -> set[int] | None:
    """The units whose figures the audited changes after entry `since` may have moved; None for all of them."""
    entries = session.execute(select(AuditEntry.action, AuditEntry.subject).where(AuditEntry.id > since)
                              .order_by(AuditEntry.id).limit(CHANGES_READ + 1)).all()
    if len(entries) > CHANGES_READ:
        return None
    items, persons = set(), set()
    for action, subject in entries:
        kind, _, number = subject.partition(":")
        if kind in ("item", "person") and number.isdigit():
            (items if kind == "item" else persons).add(int(number))
        elif not action.startswith(_NO_FIGURES):
            return None
    return set(session.execute(select(DueItemRow.unit_id).where(DueItemRow.id.in_(items))).scalars()) | \
        set(session.execute(select(PersonRow.unit_id).where(PersonRow.id.in_(persons),
                                                            PersonRow.unit_id.is_not(None))).scalars())
