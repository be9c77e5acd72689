"""What the office reads in chat: its overview (/my), one unit's status (/unit 名称), the 台账 as a file (/ledger).

Admins and observers see the whole plan; nobody else does.
"""
from collections import Counter

from sqlalchemy import func, select
from sqlmodel import Session

from bot import messages as m
from bot.render.items import MAX_LISTED, item_lines, item_views
from bot.runtime import Duban
from bot.services.chat import Answer
from documents.ledger_xlsx import ledger_workbook
from store import people, queries
from store.ledger import ledger
from store.tables import DueItemRow, PersonRow, PlanRow, UnitRow
from workflows.item_state import BLOCKED, CHASED, CLOSED, EXTENSION_REQUESTED, HELD, STATE_NAMES, SUBMITTED

READERS = ("admin", "observer")
NAMED_UNITS = 20        # red units named in the overview; /unit tells the rest
UNIT_LISTED = 15        # a unit's open items in chat, oldest first; the 台账 has them all


def _reader(session: Session, user_id: int) -> PersonRow | None:
    person = people.person_by_telegram(session, user_id)
    return person if person is not None and person.role in READERS else None


def _count(session: Session, *conditions) -> int:
    return session.execute(select(func.count(DueItemRow.id)).where(DueItemRow.retired.is_(False), *conditions)
                           ).scalar_one()


def _overdue_by_unit(session: Session, today) -> list[tuple[str, int]]:
    """Units with overdue items and how many, most first: counted by the database (a province has 50,000 items)."""
    overdue = func.count(DueItemRow.id)
    return list(session.execute(select(UnitRow.name, overdue).join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                                .where(DueItemRow.retired.is_(False), DueItemRow.state.in_(CHASED),
                                       DueItemRow.due < today)
                                .group_by(UnitRow.name).order_by(overdue.desc(), UnitRow.name)).all())


def _red_units(counts: list[tuple[str, int]]) -> str:
    shown = "、".join(m.OVERVIEW_RED_UNIT.format(unit=u, count=n) for u, n in counts[:NAMED_UNITS])
    return shown if len(counts) <= NAMED_UNITS else m.AND_MORE_UNITS.format(names=shown, count=len(counts))


def _joined_units(session: Session) -> int:
    return session.execute(select(func.count(func.distinct(PersonRow.unit_id)))
                           .where(PersonRow.active.is_(True), PersonRow.unit_id.is_not(None))).scalar_one()


def office_overview(duban: Duban, session: Session) -> Answer:
    """An admin's /my: the review queue, the difficulties, the red units, who has joined."""
    today = duban.today()
    submitted = _count(session, DueItemRow.state == SUBMITTED)
    extensions = _count(session, DueItemRow.extension == EXTENSION_REQUESTED)
    blocked = item_views(session, DueItemRow.state.in_((BLOCKED, HELD)))
    red = _overdue_by_unit(session, today)
    lines = [m.OVERVIEW_HEAD.format(date=f"{today.month}月{today.day}日"),
             m.OVERVIEW_REVIEW.format(count=submitted + extensions, submitted=submitted, extensions=extensions),
             m.OVERVIEW_BLOCKED.format(count=len(blocked)) + ("：" if blocked else "。")]
    lines += [m.OVERVIEW_BLOCKED_LINE.format(unit=i.unit, label=i.label, title=i.title, state=STATE_NAMES[i.state],
                                             reason=i.reason) for i in blocked[:MAX_LISTED]]
    lines.append(m.OVERVIEW_RED.format(count=len(red), items=sum(n for _, n in red), names=_red_units(red) or m.NONE))
    units = session.execute(select(func.count(UnitRow.id))).scalar_one()
    lines.append(m.OVERVIEW_JOINED.format(joined=_joined_units(session), units=units))
    lines.append(m.OVERVIEW_FOOT)
    return Answer("\n".join(lines))


def _people_line(session: Session, unit_id: int) -> str:
    joined = {p.role: p for p in people.people_of(session, unit_id, people.LIAISONS + ("leader",))}
    return "　".join(m.UNIT_PERSON.format(role=m.ROLE_NAMES[role],
                                         name=joined[role].name if role in joined else m.UNIT_NOBODY)
                     for role in people.LIAISONS + ("leader",))


def unit_status(duban: Duban, user_id: int, name: str) -> Answer:
    """/unit 名称: one unit's people, its open items (overdue first, as listed by date) and its counts."""
    with Session(duban.engine) as session:
        if _reader(session, user_id) is None:
            return Answer(m.OFFICE_ONLY)
        if not name:
            return Answer(m.UNIT_USAGE)
        unit = people.find_unit(session, name)
        if unit is None:
            return Answer(m.UNKNOWN_UNIT.format(unit=name))
        items = item_views(session, DueItemRow.unit_id == unit.id)
        staff = _people_line(session, unit.id)
    today = duban.today()
    states = Counter(i.state for i in items)
    open_ = [i for i in items if i.state not in CLOSED and i.due is not None]
    overdue = sum(1 for i in open_ if i.state in CHASED and i.due < today)
    lines = [m.UNIT_HEAD.format(unit=unit.name), staff,
             m.UNIT_COUNTS.format(total=len(items), closed=sum(states[s] for s in CLOSED), submitted=states[SUBMITTED],
                                  overdue=overdue, blocked=states[BLOCKED] + states[HELD])]
    lines += [m.UNIT_OPEN, *item_lines(open_, today, len(open_))[:UNIT_LISTED]] if open_ else [m.UNIT_NOTHING_OPEN]
    if len(open_) > UNIT_LISTED:
        lines.append(m.UNIT_MORE.format(count=len(open_) - UNIT_LISTED, unit=unit.name))
    return Answer("\n".join(lines))


def ledger_file(duban: Duban, user_id: int, name: str) -> Answer:
    """/ledger [单位]: the 台账 workbook, the plan's columns with each item's status, evidence and verification."""
    with Session(duban.engine) as session:
        if _reader(session, user_id) is None:
            return Answer(m.OFFICE_ONLY)
        plan_id = queries.latest_plan_id(session)
        if plan_id is None:
            return Answer(m.NO_PLAN_STORED)
        unit = people.find_unit(session, name) if name else None
        if name and unit is None:
            return Answer(m.UNKNOWN_UNIT.format(unit=name))
        plan = session.get(PlanRow, plan_id)
        lines = ledger(session, plan_id, unit.name if unit else None)
    title = m.LEDGER_TITLE.format(title=plan.title, unit=unit.name if unit else m.ALL_UNITS)
    data = ledger_workbook(title, lines, duban.settings.timezone, duban.today())
    return Answer(m.LEDGER_SENT.format(unit=unit.name if unit else m.ALL_UNITS, count=len(lines)),
                  file=(m.LEDGER_FILE.format(unit=unit.name if unit else m.ALL_UNITS), data))
