"""The office's cadence commands in chat: /report, /mute, /unmute and /circulate (admins only).

/circulate is the approval: the quarterly draft names nobody until an admin
sends it; then every ranked unit receives the notice, each named unit with the
items and days it was named for, and the circulation is recorded for 约谈 and
the scores. What is sent is the draft the office reviewed: if the data changed
since, the office gets the difference and the new draft to approve instead.
"""
from dataclasses import dataclass

from sqlmodel import Session

from bot import messages as m
from bot.runtime import Duban
from bot.services.annual_report import ANNUAL, AnnualRefused, compile_report
from bot.services.chat import Answer, actor_of, send_with_file
from bot.services.reports import build, inputs, keep_if_draft, quarterly_draft
from documents.cadence_files import late_reasons, place
from documents.notice_docx import notice_document
from documents.official_docx import Letterhead
from store import circulations, mutes, notices, people, queries, views
from store.audit import Actor
from store.rules import rules_of
from store.tables import PlanRow, UnitRow
from store.uow import UnitOfWork
from workflows.glossary import ADMIN, QUARTERLY
from workflows.period_words import period_words, report_kind, understood_period
from workflows.periods import report_period
from workflows.rectification import RectificationNotice
from workflows.report_schedule import KINDS
from workflows.roles import IN_UNITS
from workflows.standing import UnitStanding, as_of, standings

LISTED_UNITS = 30
NOTIFIED = IN_UNITS     # a unit's circulation and notices go to its liaisons and its leader


def _admin(session: Session, user_id: int):
    person = people.person_by_telegram(session, user_id)
    return person if person is not None and person.role == ADMIN else None


def _plan(session: Session) -> PlanRow | None:
    plan_id = queries.latest_plan_id(session)
    return session.get(PlanRow, plan_id) if plan_id else None


def _asked(duban: Duban, args: list[str]) -> tuple[str, str]:
    """/report 周报 2022年6月: the kind and the canonical period (the latest report's when none is written);
    ValueError saying what is wrong (nothing more than the usage when no kind is written)."""
    kind = report_kind(args[0]) if args else None
    if kind is None:
        raise ValueError(m.NOT_A_REPORT.format(word=args[0]) if args else "")
    return kind, understood_period(kind, "".join(args[1:]), duban.today())


def report(duban: Duban, user_id: int, args: list[str]) -> Answer:
    """/report KIND [PERIOD]: the report now, as its summary and its file."""
    with Session(duban.engine) as session:
        if _admin(session, user_id) is None:
            return Answer(m.OFFICE_ONLY)
        plan = _plan(session)
        if plan is None:
            return Answer(m.NO_PLAN_STORED)
        try:
            kind, period = _asked(duban, args)
            if kind == ANNUAL:
                return _annual(session, duban, plan, period)
            built = build(session, plan, kind, period, duban.settings.timezone, duban.calendar, duban.clock())
        except ValueError as wrong:
            return Answer("\n".join(filter(None, [str(wrong), m.REPORT_USAGE])))
        keep_if_draft(session, plan.id, built)
        session.commit()
    return Answer(built.summary, file=(built.file_name, built.data) if built.data else None)


def _annual(session: Session, duban: Duban, plan: PlanRow, period: str) -> Answer:
    """/report annual 2022: the compiled tables and the report's skeleton."""
    try:
        built = compile_report(session, plan, period, duban.settings.timezone, duban.today())
    except AnnualRefused as wrong:
        return Answer(str(wrong))
    return Answer(built.summary, file=built.xlsx, more_files=(built.docx,))


def mute(duban: Duban, user_id: int, chat_id: int, args: list[str], silence: bool) -> Answer:
    """/mute KIND PERIOD (or /unmute): skip, or restore, one scheduled report."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        admin = _admin(uow.session, user_id)
        if admin is None:
            return Answer(m.OFFICE_ONLY)
        try:
            kind, period = _asked(duban, args)
        except ValueError as wrong:
            return Answer("\n".join(filter(None, [str(wrong), m.MUTE_USAGE])))
        if kind not in KINDS:       # the annual report is compiled on request, never sent by the round
            return Answer(m.MUTE_USAGE)
        uow.actor = actor_of(admin, chat_id)
        if silence:
            mutes.mute(uow, kind, period, admin.name)
        else:
            mutes.unmute(uow, kind, period)
        uow.commit()
    text = m.MUTED if silence else m.UNMUTED
    return Answer(text.format(report=m.REPORT_KINDS[kind], period=period, words=period_words(kind, period)))


def circulate(duban: Duban, user_id: int, chat_id: int, args: list[str]) -> Answer:
    """/circulate 2022年第三季度: send the approved quarterly notice to every ranked unit and record it."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        admin = _admin(uow.session, user_id)
        if admin is None:
            return Answer(m.OFFICE_ONLY)
        plan = _plan(uow.session)
        if plan is None:
            return Answer(m.NO_PLAN_STORED)
        try:
            period = understood_period(QUARTERLY, "".join(args), duban.today())
        except ValueError as wrong:
            return Answer(f"{wrong}\n{m.CIRCULATE_USAGE}")
        uow.actor = actor_of(admin, chat_id)
        try:
            outcome = send_circulation(uow, plan, period, duban.settings.timezone, duban.calendar, admin.name)
        except circulations.AlreadyCirculated:
            return Answer(m.ALREADY_CIRCULATED.format(period=period_words(QUARTERLY, period)))
        uow.commit()
    return Answer(outcome.text, file=outcome.draft)


@dataclass(frozen=True)
class Circulation:
    text: str                                   # the confirmation, or why nothing was sent
    draft: tuple[str, bytes] | None = None      # the new draft to review, when the data changed


def send_circulation(uow: UnitOfWork, plan: PlanRow, period: str, timezone, calendar, approved_by: str) -> Circulation:
    """Circulate the draft the office reviewed, if the data still says the same; else keep and show the new one."""
    _, first, last = report_period(QUARTERLY, period)
    words = period_words(QUARTERLY, period)     # 2022年第三季度: what people read, and may type back
    given = inputs(uow.session, plan, timezone, calendar, uow.now)
    when = as_of(last, given.today)
    if when.provisional:
        return Circulation(m.CIRCULATION_NOT_ENDED.format(period=words))
    fresh = standings(given.facts, first, when, calendar, given.rules.naming)
    kept = circulations.draft(uow.session, plan.id, period)
    if kept is None or kept[1] != fresh:
        circulations.keep_draft(uow.session, plan.id, period, when, fresh)
        text = (m.CIRCULATION_NO_DRAFT.format(period=words) if kept is None else
                m.CIRCULATION_CHANGED.format(period=words, changes=changes(kept[1], fresh)))
        draft = quarterly_draft(given, period, first, fresh, when)
        return Circulation(text, (m.FILE_CIRCULATION_DRAFT.format(period=period), draft))
    ranking = kept[1]
    named = [r.unit for r in ranking if r.named]
    circulations.record(uow, plan.id, period, named, approved_by)
    notice = (m.FILE_CIRCULATION.format(period=period),
              quarterly_draft(given, period, first, ranking, kept[0], final=True))
    reached = {row.unit: _send_to_unit(uow, row, period, notice) for row in ranking}
    nobody = [unit for unit, people_reached in reached.items() if not people_reached]
    return Circulation("\n".join([
        m.CIRCULATED.format(period=words, named=len(named), names=_listed(named) or m.NONE, units=len(ranking)),
        m.CIRCULATION_REACHED.format(units=len(ranking) - len(nobody), people=sum(reached.values())),
        m.CIRCULATION_NOBODY.format(count=len(nobody), names=_listed(nobody)) if nobody else m.CIRCULATION_EVERYONE]))


def changes(before: list[UnitStanding], after: list[UnitStanding]) -> str:
    """Each unit whose place, rate or naming differs between the reviewed draft and the data now."""
    def described(rows):
        return {r.unit: m.CIRCULATION_PLACE.format(place=place(r.rank, r.tied), rate=r.rate,
                                                   named=m.CIRCULATION_NAMED_MARK if r.named else "") for r in rows}
    was, now = described(before), described(after)
    return "\n".join(m.CIRCULATION_CHANGE.format(unit=u, before=was.get(u, m.CIRCULATION_ABSENT),
                                                after=now.get(u, m.CIRCULATION_ABSENT))
                     for u in sorted(set(was) | set(now)) if was.get(u) != now.get(u))


def _listed(units: list[str]) -> str:
    """Unit names for one chat line: a province's hundreds would pass Telegram's 4,096 characters."""
    shown = "、".join(units[:LISTED_UNITS])
    return shown if len(units) <= LISTED_UNITS else m.AND_MORE_UNITS.format(names=shown, count=len(units))


def _send_to_unit(uow: UnitOfWork, row: UnitStanding, period: str, notice: tuple[str, bytes]) -> int:
    """The notice to the unit's joined liaisons and leader; how many of them can be reached."""
    unit_id = views.unit_id_named(uow.session, row.unit)
    words = period_words(QUARTERLY, period)
    text = m.UNIT_CIRCULATION.format(period=words)
    if row.named:   # each named unit sees why: the items and days it was named for
        text += "\n" + m.UNIT_NAMED_WHY.format(items=late_reasons(row))
    text += "\n" + m.WHY_CIRCULATION
    readers = people.people_of(uow.session, unit_id, NOTIFIED)
    for person in readers:
        send_with_file(uow, person, f"circulation:{period}:{person.id}", text,
                       m.CIRCULATION_CAPTION.format(period=words), notice)
    return sum(person.reachable for person in readers)


def issue_notice(uow: UnitOfWork, plan: PlanRow, unit: UnitRow, seqs: tuple[str, ...], problems: str,
                 calendar, today, workdays: int) -> tuple[RectificationNotice, bytes]:
    """整改通知书: stored as the unit's tracked item and sent to its liaisons and leader with the document."""
    made, items = notices.issue(uow, plan.id, unit, seqs, problems, calendar, today, workdays)
    pattern = rules_of(uow.session, plan.id).doc_number["notice"]
    head = Letterhead(plan.issuer, pattern.format(issuer=plan.issuer, year=today.year, number=made.number), uow.now,
                      today)
    document = notice_document(made, head, plan.title, items)
    text = m.UNIT_NOTICE.format(number=made.number, problems=made.problems, due=made.due)
    for person in people.people_of(uow.session, unit.id, NOTIFIED):
        send_with_file(uow, person, f"notice:{plan.id}:{made.number}:{person.id}", text,
                       m.NOTICE_CAPTION.format(number=made.number),
                       (m.FILE_NOTICE.format(number=made.number), document))
    return made, document
