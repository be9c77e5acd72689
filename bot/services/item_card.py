"""/item 序号 [period] [unit]: one item as people know it, with its full text, its history in words and its evidence.

The 序号 is the number printed in the plan and shown in every reminder; the items without one are named as
/my shows them (月反馈（6月）, 整改通知书, or just 月反馈, 整改). A row due several times (and the monthly
feedback) is shown for the period nearest today unless a month (6月) or a date (6月15日, 2022-06-15) picks
another; the office names the unit (/item 53 县司法局), a unit's own people need not.
"""
import re
from datetime import date

from sqlmodel import Session

from bot import messages as m
from bot.render.evidence import marked_lines
from bot.render.items import FEEDBACK, named, when
from bot.runtime import Duban
from bot.services.chat import Answer
from store import evidence as evidence_files, evidence_checks, people, views
from store.tables import DueItemRow, PersonRow, ReplyRow, TaskRow
from store.views import ItemView, history, item_views
from workflows.item_state import STATE_NAMES
from workflows.rectification import RECTIFICATION

_SEQ = re.compile(r"^(?:序号)?(\d{1,3})号?$")
_KIND = re.compile(r"^(月反馈|整改)(?:通知书)?$")
_KINDS = {"月反馈": FEEDBACK, "整改": RECTIFICATION}
_MONTH_DAY = re.compile(r"^(?:(\d{4})[-年])?(\d{1,2})[-月](?:(\d{1,2})[日号]?)?$")


def with_file(session: Session, text: str, item_id: int, buttons=()) -> Answer:
    """The text, and the file (or photo) last sent as the item's evidence, to open there and then."""
    kept = evidence_files.files_of_items(session, [item_id]).get(item_id, [])[-1:]
    if not kept:
        return Answer(text, list(buttons))
    data = evidence_files.data_of(session, kept[0].hash)
    return Answer(text, list(buttons), (kept[0].name, data), photo=kept[0].is_image)


def checked_lines(session: Session, item_id: int, zone) -> str:
    """What the checks of the item's latest evidence found, ⚠ before what is wrong: shown beside the item."""
    reply_id = evidence_checks.last_submission(session, item_id)
    checks = evidence_checks.checks_of_reply(session, reply_id) if reply_id else []
    return "".join("\n" + line for check, at in checks for line in marked_lines(check, at, zone))


def _words(args: list[str]) -> list[str]:
    """The arguments with a label's brackets opened: /item 月反馈（6月） is /item 月反馈 6月."""
    return re.sub(r"[（）()]", " ", " ".join(args)).split()


def _named(arg: str) -> tuple[str, object] | None:
    """(the name as /item takes it, the condition on the items) of a 序号, 月反馈 or 整改; None for anything else."""
    if found := _SEQ.match(arg):
        return found[1], TaskRow.seq == found[1]
    if found := _KIND.match(arg):
        return found[1], DueItemRow.kind == _KINDS[found[1]]
    return None


def _periods(args: list[str]) -> tuple[int | None, int | None]:
    """(month, day) a period argument names, or (None, None)."""
    for arg in args:
        if found := _MONTH_DAY.match(arg):
            return int(found[2]), int(found[3]) if found[3] else None
    return None, None


def _unit_id(session: Session, person: PersonRow, args: list[str]) -> int | None:
    if person.unit_id is not None:
        return person.unit_id
    named = next((unit for arg in args if (unit := people.find_unit(session, arg))), None)
    return named.id if named else None


def _pick(periods: list[ItemView], month: int | None, day: int | None, today: date) -> ItemView | None:
    chosen = [p for p in periods if month is None or (p.due and p.due.month == month and day in (None, p.due.day))]
    return min(chosen, key=lambda p: abs((p.due - today).days) if p.due else 10**6, default=None)


def _history_line(session: Session, duban: Duban, reply: ReplyRow) -> str:
    who = session.get(PersonRow, reply.person_id).name if reply.person_id else m.OFFICE_NAME
    said = [reply.text, reply.urls.replace("\n", " ")]
    if reply.expected_date:
        said.append(m.HISTORY_EXPECTED.format(date=reply.expected_date.isoformat()))
    kept = evidence_files.found(session, reply.file_hash) if reply.file_hash else None
    if kept:
        said.append(m.HISTORY_FILE.format(name=kept.name))
    return m.ITEM_HISTORY_LINE.format(at=reply.at.astimezone(duban.settings.timezone).strftime("%m-%d %H:%M"),
                                      who=who, action=m.HISTORY_ACTIONS.get(reply.action, reply.action),
                                      text=" ".join(filter(None, said)))


def _card(session: Session, duban: Duban, item: ItemView, name: str, others: list[ItemView]) -> Answer:
    task = views.task_text(session, item.plan_id, item.row)
    lines = [m.ITEM_CARD.format(item=named(item), unit=item.unit, due=item.due or m.WHEN_UNDATED,
                                state=STATE_NAMES[item.state])]
    if task:
        content, metric = task
        lines += [m.ITEM_CONTENT.format(content=content), m.ITEM_METRIC.format(metric=metric or m.NONE)]
    elif detail := session.get(DueItemRow, item.id).detail:      # a notice's own text, its problems in full
        lines.append(m.ITEM_CONTENT.format(content=detail))
    if others:
        lines.append(m.ITEM_OTHER_PERIODS.format(
            periods="、".join(when(o.due, duban.today()) for o in others), name=name,
            month=others[0].due.month if others[0].due else ""))
    replies = history(session, item.id)
    lines += [m.ITEM_HISTORY_HEAD] + [_history_line(session, duban, r) for r in replies] if replies else []
    return with_file(session, "\n".join(lines) + checked_lines(session, item.id, duban.settings.timezone), item.id)


def item_card(duban: Duban, user_id: int, args: list[str]) -> Answer:
    """/item 53 [6月] [县司法局], /item 月反馈 [6月], /item 整改."""
    args = _words(args)
    named = _named(args[0]) if args else None
    with Session(duban.engine) as session:
        person = people.person_by_telegram(session, user_id)
        if person is None:
            return Answer(m.NOT_BOUND)
        unit_id = _unit_id(session, person, args[1:])
        if named is None or unit_id is None:
            return Answer(m.ITEM_USAGE)
        name, condition = named
        periods = item_views(session, DueItemRow.unit_id == unit_id, condition)
        item = _pick(periods, *_periods(args[1:]), duban.today())
        if item is None:
            return Answer(m.NO_ITEM_NAMED.format(name=m.SEQ_LABEL.format(seq=name) if name.isdigit() else name))
        return _card(session, duban, item, name, [p for p in periods if p.id != item.id])
