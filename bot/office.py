"""The office's cadence commands in chat: /report, /mute, /unmute and /circulate (admins only).

/circulate is the approval: the quarterly draft names nobody until an admin
sends it; then every ranked unit receives the notice, each named unit with the
items it was named for, and the circulation is recorded for 约谈 and the scores.
"""
from sqlalchemy import select
from sqlmodel import Session

from bot import messages as m
from bot.annual_report import ANNUAL, AnnualRefused, compile_report
from bot.chat import Answer, Duban, actor_of, send_with_file
from bot.reports import build
from documents.cadence_files import circulation_document
from documents.notice_docx import notice_document
from store import circulations, mutes, notices, people, queries
from store.audit import Actor
from store.facts import item_facts
from store.tables import PlanRow, UnitRow
from store.uow import UnitOfWork
from workflows.cadence import circulation_names, quarterly_ranking
from workflows.period_words import period_words, report_kind, understood_period
from workflows.periods import report_period
from workflows.rectification import RectificationNotice
from workflows.report_schedule import KINDS

LISTED_UNITS = 30
NOTIFIED = people.LIAISONS + ("leader",)     # a unit's circulation and notices go to its liaisons and its leader


def _admin(session: Session, user_id: int):
    person = people.person_by_telegram(session, user_id)
    return person if person is not None and person.role == "admin" else None


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
            built = build(session, plan, kind, period, duban.settings.timezone, duban.calendar)
        except ValueError as wrong:
            return Answer("\n".join(filter(None, [str(wrong), m.REPORT_USAGE])))
    return Answer(built.summary, file=(built.file_name, built.data))


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
            period = understood_period("quarterly", "".join(args), duban.today())
        except ValueError as wrong:
            return Answer(f"{wrong}\n{m.CIRCULATE_USAGE}")
        uow.actor = actor_of(admin, chat_id)
        try:
            sent = send_circulation(uow, plan, period, duban.settings.timezone, admin.name)
        except circulations.AlreadyCirculated:
            return Answer(m.ALREADY_CIRCULATED.format(period=period))
        uow.commit()
    return Answer(sent)


def send_circulation(uow: UnitOfWork, plan: PlanRow, period: str, timezone, approved_by: str) -> str:
    """Record the quarter's circulation and queue the notice to every ranked unit; the confirmation to show."""
    _, first, last = report_period("quarterly", period)
    ranking = quarterly_ranking(item_facts(uow.session, plan.id, timezone), first, last)
    named = circulation_names(ranking)
    circulations.record(uow, plan.id, period, named, approved_by)
    title = m.CIRCULATION_FINAL_TITLE.format(title=plan.title, period=period)
    notice = (f"通报-{period}.docx", circulation_document(title, plan.issuer, first, last, ranking, named))
    reached = {row.unit: _send_to_unit(uow, row.unit, period, notice, row.late) for row in ranking}
    nobody = [unit for unit, people_reached in reached.items() if not people_reached]
    return "\n".join([m.CIRCULATED.format(period=period, named=len(named), names=_listed(named) or m.NONE,
                                          units=len(ranking)),
                      m.CIRCULATION_REACHED.format(units=len(ranking) - len(nobody), people=sum(reached.values())),
                      m.CIRCULATION_NOBODY.format(count=len(nobody), names=_listed(nobody)) if nobody else
                      m.CIRCULATION_EVERYONE])


def _listed(units: list[str]) -> str:
    """Unit names for one chat line: a province's hundreds would pass Telegram's 4,096 characters."""
    shown = "、".join(units[:LISTED_UNITS])
    return shown if len(units) <= LISTED_UNITS else m.AND_MORE_UNITS.format(names=shown, count=len(units))


def _send_to_unit(uow: UnitOfWork, unit: str, period: str, notice: tuple[str, bytes], late: tuple[str, ...]) -> int:
    """The notice to the unit's joined liaisons and leader; how many of them can be reached."""
    unit_id = uow.session.execute(select(UnitRow.id).where(UnitRow.name == unit)).scalar_one()
    text = m.UNIT_CIRCULATION.format(period=period)
    if late:   # each named unit sees why: the items it was named for
        text += "\n" + m.UNIT_NAMED.format(items="、".join(f"序号{s}" if s != m.FEEDBACK_NAME else s for s in late))
    text += "\n" + m.WHY_CIRCULATION
    readers = people.people_of(uow.session, unit_id, NOTIFIED)
    for person in readers:
        send_with_file(uow, person, f"circulation:{period}:{person.id}", text,
                       m.CIRCULATION_CAPTION.format(period=period), notice)
    return sum(person.reachable for person in readers)


def issue_notice(uow: UnitOfWork, plan: PlanRow, unit: UnitRow, seqs: tuple[str, ...], problems: str,
                 calendar, today, workdays: int) -> tuple[RectificationNotice, bytes]:
    """整改通知书: stored as the unit's tracked item and sent to its liaisons and leader with the document."""
    made, items = notices.issue(uow, plan.id, unit, seqs, problems, calendar, today, workdays)
    document = notice_document(made, plan.issuer, plan.title, items)
    text = m.UNIT_NOTICE.format(number=made.number, problems=made.problems, due=made.due)
    for person in people.people_of(uow.session, unit.id, NOTIFIED):
        send_with_file(uow, person, f"notice:{plan.id}:{made.number}:{person.id}", text,
                       m.NOTICE_CAPTION.format(number=made.number), (f"整改通知书-第{made.number}号.docx", document))
    return made, document
