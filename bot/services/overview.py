"""What the office reads in chat: its overview (/my), one unit's status (/unit 名称), the 台账 as a file (/ledger).

Admins and observers see the whole plan; nobody else does.
"""
from collections import Counter

from sqlmodel import Session

from bot import messages as m
from bot.render.items import MAX_LISTED, item_lines, label, title
from bot.runtime import Duban
from bot.services.chat import Answer
from documents.ledger_xlsx import ledger_workbook
from store import people, queries, views
from store.ledger import ledger
from store.tables import DueItemRow, PersonRow, PlanRow
from store.views import item_views
from workflows.item_state import BLOCKED, CHASED, CLOSED, EXTENSION_REQUESTED, HELD, STATE_NAMES, SUBMITTED
from workflows.roles import IN_UNITS, UNITLESS

READERS = UNITLESS
NAMED_UNITS = 20        # red units named in the overview; /unit tells the rest
UNIT_LISTED = 15        # a unit's open items in chat, oldest first; the 台账 has them all


def _reader(session: Session, user_id: int) -> PersonRow | None:
    person = people.person_by_telegram(session, user_id)
    return person if person is not None and person.role in READERS else None


def _red_units(counts: list[tuple[str, int]]) -> str:
    shown = "、".join(m.OVERVIEW_RED_UNIT.format(unit=u, count=n) for u, n in counts[:NAMED_UNITS])
    return shown if len(counts) <= NAMED_UNITS else m.AND_MORE_UNITS.format(names=shown, count=len(counts))


def office_overview(duban: Duban, session: Session) -> Answer:
    """An admin's /my: the review queue, the difficulties, the red units, who has joined."""
    today = duban.today()
    submitted = views.count_items(session, DueItemRow.state == SUBMITTED)
    extensions = views.count_items(session, DueItemRow.extension == EXTENSION_REQUESTED)
    blocked = item_views(session, DueItemRow.state.in_((BLOCKED, HELD)))
    red = views.overdue_by_unit(session, today)
    lines = [m.OVERVIEW_HEAD.format(date=m.MONTH_DAY.format(month=today.month, day=today.day)),
             m.OVERVIEW_REVIEW.format(count=submitted + extensions, submitted=submitted, extensions=extensions),
             m.OVERVIEW_BLOCKED.format(count=len(blocked)) + ("：" if blocked else "。")]
    lines += [m.OVERVIEW_BLOCKED_LINE.format(unit=i.unit, label=label(i), title=title(i), state=STATE_NAMES[i.state],
                                             reason=i.reason) for i in blocked[:MAX_LISTED]]
    lines.append(m.OVERVIEW_RED.format(count=len(red), items=sum(n for _, n in red), names=_red_units(red) or m.NONE))
    lines.append(m.OVERVIEW_JOINED.format(joined=views.joined_units(session), units=views.unit_count(session)))
    lines.append(m.OVERVIEW_FOOT)
    return Answer("\n".join(lines))


def _people_line(session: Session, unit_id: int) -> str:
    joined = {p.role: p for p in people.people_of(session, unit_id, IN_UNITS)}
    return "　".join(m.UNIT_PERSON.format(role=m.ROLE_NAMES[role],
                                         name=joined[role].name if role in joined else m.UNIT_NOBODY)
                     for role in IN_UNITS)


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
    return ledger_of(duban, name)


def ledger_of(duban: Duban, name: str) -> Answer:
    """The 台账 of the plan, or of the unit named, for a reader the channel has let in (the chat's admins and
    observers, the console's accounts)."""
    with Session(duban.engine) as session:
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
