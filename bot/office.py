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
from workflows.periods import report_period
from workflows.rectification import RectificationNotice
from workflows.report_schedule import KINDS

NOTIFIED = people.LIAISONS + ("leader",)     # a unit's circulation and notices go to its liaisons and its leader


def _admin(session: Session, user_id: int):
    person = people.person_by_telegram(session, user_id)
    return person if person is not None and person.role == "admin" else None


def _plan(session: Session) -> PlanRow | None:
    plan_id = queries.latest_plan_id(session)
    return session.get(PlanRow, plan_id) if plan_id else None


def report(duban: Duban, user_id: int, args: list[str]) -> Answer:
    """/report KIND PERIOD: the report now, as its summary and its file."""
    with Session(duban.engine) as session:
        if _admin(session, user_id) is None:
            return Answer(m.OFFICE_ONLY)
        if len(args) != 2 or args[0] not in (*KINDS, ANNUAL):
            return Answer(m.REPORT_USAGE)
        plan = _plan(session)
        if plan is None:
            return Answer(m.NO_PLAN_STORED)
        if args[0] == ANNUAL:
            return _annual(session, duban, plan, args[1])
        try:
            built = build(session, plan, args[0], args[1], duban.settings.timezone, duban.calendar)
        except ValueError as wrong:
            return Answer(f"{wrong}\n{m.REPORT_USAGE}")
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
        if len(args) != 2 or args[0] not in KINDS:
            return Answer(m.MUTE_USAGE)
        try:
            period, _, _ = report_period(args[0], args[1])
        except ValueError as wrong:
            return Answer(f"{wrong}\n{m.MUTE_USAGE}")
        uow.actor = actor_of(admin, chat_id)
        if silence:
            mutes.mute(uow, args[0], period, admin.name)
        else:
            mutes.unmute(uow, args[0], period)
        uow.commit()
    text = m.MUTED if silence else m.UNMUTED
    return Answer(text.format(report=m.REPORT_KINDS[args[0]], period=period, kind=args[0]))


def circulate(duban: Duban, user_id: int, chat_id: int, args: list[str]) -> Answer:
    """/circulate 2022Q3: send the approved quarterly notice to every ranked unit and record it."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{user_id}")) as uow:
        admin = _admin(uow.session, user_id)
        if admin is None:
            return Answer(m.OFFICE_ONLY)
        plan = _plan(uow.session)
        if plan is None:
            return Answer(m.NO_PLAN_STORED)
        try:
            period, _, _ = report_period("quarterly", (args or [""])[0])
        except ValueError:
            return Answer(m.CIRCULATE_USAGE)
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
    for row in ranking:
        _send_to_unit(uow, row.unit, period, notice, row.late)
    return m.CIRCULATED.format(period=period, named=len(named), names="、".join(named) or m.NONE, units=len(ranking))


def _send_to_unit(uow: UnitOfWork, unit: str, period: str, notice: tuple[str, bytes], late: tuple[str, ...]) -> None:
    unit_id = uow.session.execute(select(UnitRow.id).where(UnitRow.name == unit)).scalar_one()
    text = m.UNIT_CIRCULATION.format(period=period)
    if late:   # each named unit sees why: the items it was named for
        text += "\n" + m.UNIT_NAMED.format(items="、".join(f"序号{s}" if s != m.FEEDBACK_NAME else s for s in late))
    text += "\n" + m.WHY_CIRCULATION
    for person in people.people_of(uow.session, unit_id, NOTIFIED):
        send_with_file(uow, person, f"circulation:{period}:{person.id}", text,
                       m.CIRCULATION_CAPTION.format(period=period), notice)


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
