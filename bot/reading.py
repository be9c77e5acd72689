"""Reading: /my (the unit's items), /item N (one item with its history), /review (the office's queue)."""
from datetime import timedelta

from sqlmodel import Session

from bot import messages as m
from bot.chat import Answer, Duban, history, item_id_of, open_items_of_unit, unit_name, view_of
from bot.evidence_lines import marked_lines
from bot.overview import READERS, office_overview
from bot.views import MAX_LISTED, answer_buttons, item_lines, item_views
from store import evidence as evidence_files, evidence_checks, people
from store.tables import DueItemRow, PersonRow
from workflows.item_state import BLOCKED, EXTENSION_REQUESTED, STATE_NAMES, SUBMITTED


def _person(session: Session, user_id: int) -> PersonRow | None:
    return people.person_by_telegram(session, user_id)


def my_items(duban: Duban, user_id: int) -> Answer:
    with Session(duban.engine) as session:
        person = _person(session, user_id)
        if person is None:
            return Answer(m.NOT_BOUND)
        if person.role in READERS:      # the office (and an observer) see the whole plan, not a unit
            return office_overview(duban, session)
        items = open_items_of_unit(session, person.unit_id, duban.today() + timedelta(days=30))
        heading = m.MY_HEADING.format(unit=unit_name(session, person.unit_id))
    if not items:
        return Answer(m.NOTHING_OPEN)
    buttons = answer_buttons([i for i in items if i.state != SUBMITTED]) if person.role in people.LIAISONS else []
    return Answer("\n".join([heading, *item_lines(items, duban.today())]), buttons)


def item_detail(duban: Duban, user_id: int, raw_id: str) -> Answer:
    with Session(duban.engine) as session:
        person = _person(session, user_id)
        item = view_of(session, item_id_of(raw_id))
        if person is None:
            return Answer(m.NOT_BOUND)
        if item is None or (person.unit_id is not None and person.unit_id != item.unit_id):
            return Answer(m.NO_SUCH_ITEM)
        lines = [m.ITEM_DETAIL.format(label=item.label, title=item.title, unit=item.unit,
                                      due=item.due or m.WHEN_UNDATED, state=STATE_NAMES[item.state])]
        for reply in history(session, item.id):
            who = session.get(PersonRow, reply.person_id).name if reply.person_id else ""
            at = reply.at.astimezone(duban.settings.timezone).strftime("%m-%d %H:%M")
            lines.append(m.ITEM_HISTORY_LINE.format(at=at, who=who, action=reply.action,
                                                    text=" ".join(filter(None, [reply.text, reply.urls]))))
        return _with_file(session, "\n".join(lines) + _checked(session, item.id, duban.settings.timezone), item.id)


def _with_file(session: Session, text: str, item_id: int, buttons=()) -> Answer:
    """The text, and the file (or photo) last sent as the item's evidence, to open there and then."""
    kept = evidence_files.files_of_items(session, [item_id]).get(item_id, [])[-1:]
    if not kept:
        return Answer(text, list(buttons))
    data = evidence_files.data_of(session, kept[0].hash)
    return Answer(text, list(buttons), (kept[0].name, data), photo=kept[0].is_image)


def _evidence(session: Session, item_id: int) -> str:
    last = [r for r in history(session, item_id) if r.action == "submit"][-1:]
    if not last:
        return ""
    kept = evidence_files.found(session, last[0].file_hash) if last[0].file_hash else None
    return " ".join(filter(None, [last[0].urls, last[0].text if last[0].text != last[0].urls else "",
                                  m.EVIDENCE_FILE.format(name=kept.name) if kept else ""]))


def _checked(session: Session, item_id: int, zone) -> str:
    """What the checks of the item's latest evidence found, ⚠ before what is wrong: shown beside the item."""
    reply_id = evidence_checks.last_submission(session, item_id)
    checks = evidence_checks.checks_of_reply(session, reply_id) if reply_id else []
    return "".join("\n" + line for check, at in checks for line in marked_lines(check, at, zone))


def review(duban: Duban, user_id: int) -> list[Answer]:
    """The office's queue: difficulties to put on hold, submissions to accept or return, extensions to decide."""
    with Session(duban.engine) as session:
        person = _person(session, user_id)
        if person is None or person.role != "admin":
            return [Answer(m.OFFICE_ONLY)]
        blocked = item_views(session, DueItemRow.state == BLOCKED)
        submitted = item_views(session, DueItemRow.state == SUBMITTED)
        extensions = item_views(session, DueItemRow.extension == EXTENSION_REQUESTED)
        answers = [Answer(m.REVIEW_BLOCKED + m.REVIEW_BLOCKED_LINE.format(unit=i.unit, label=i.label, title=i.title,
                                                                          reason=i.reason),
                          [[(m.BUTTON_HOLD, f"hold:{i.id}"), (m.BUTTON_REFUSE_HOLD, f"nohold:{i.id}")]])
                   for i in blocked[:MAX_LISTED]]
        answers += [_with_file(session, m.REVIEW_SUBMITTED.format(unit=i.unit, label=i.label, title=i.title,
                                                                  evidence=_evidence(session, i.id))
                               + _checked(session, i.id, duban.settings.timezone), i.id,
                               [[(m.BUTTON_ACCEPT, f"acc:{i.id}"), (m.BUTTON_RETURN, f"ret:{i.id}")]])
                    for i in submitted[:MAX_LISTED]]
        answers += [Answer(m.REVIEW_EXTENSION.format(unit=i.unit, label=i.label, title=i.title, old=i.due,
                                                     new=i.extension_to, reason=_last_text(session, i.id)),
                           [[(m.BUTTON_EXT_OK, f"extok:{i.id}"), (m.BUTTON_EXT_NO, f"extno:{i.id}")]])
                    for i in extensions[:MAX_LISTED]]
    if not answers:
        return [Answer(m.REVIEW_EMPTY)]
    return [Answer(m.REVIEW_HEAD.format(count=len(submitted) + len(extensions), blocked=len(blocked)))] + answers


def _last_text(session: Session, item_id: int) -> str:
    replies = history(session, item_id)
    return replies[-1].text if replies else ""
