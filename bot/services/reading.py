"""Reading: /my (the unit's items) and /review (the office's queue); /item is bot.services.item_card."""
from datetime import timedelta

from sqlmodel import Session

from bot import messages as m
from bot.render.items import MAX_LISTED, answer_buttons, item_lines, label, title
from bot.runtime import Duban
from bot.services.chat import Answer, unit_name
from bot.services.item_card import checked_lines, with_file
from bot.services.overview import READERS, office_overview
from store import evidence as evidence_files, people
from store.tables import DueItemRow, PersonRow
from store.views import history, item_views, open_items_of_unit
from workflows.item_state import BLOCKED, EXTENSION_REQUESTED, SUBMITTED
from workflows.roles import LIAISONS


def _person(session: Session, user_id: int) -> PersonRow | None:
    return people.person_by_telegram(session, user_id)


def _page(raw: str, pages: int) -> int:
    return min(int(raw), pages) if raw.isascii() and raw.isdigit() and int(raw) >= 1 else 1


def my_items(duban: Duban, user_id: int, raw_page: str = "") -> Answer:
    """/my [page]: the unit's open items of the next 30 days (and all overdue), a page of MAX_LISTED at a time."""
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
    pages = -(-len(items) // MAX_LISTED)
    page = _page(raw_page, pages)
    shown = items[(page - 1) * MAX_LISTED:page * MAX_LISTED]
    lines = [heading, *item_lines(shown, duban.today())]
    if pages > 1:
        lines.append(m.MY_PAGE.format(page=page, pages=pages, count=len(items)) +
                     (m.MY_NEXT.format(next=page + 1) if page < pages else ""))
    buttons = answer_buttons([i for i in shown if i.state != SUBMITTED]) if person.role in LIAISONS else []
    return Answer("\n".join(lines), buttons)


def _evidence(session: Session, item_id: int) -> str:
    last = [r for r in history(session, item_id) if r.action == "submit"][-1:]
    if not last:
        return ""
    kept = evidence_files.found(session, last[0].file_hash) if last[0].file_hash else None
    return " ".join(filter(None, [last[0].urls, last[0].text if last[0].text != last[0].urls else "",
                                  m.EVIDENCE_FILE.format(name=kept.name) if kept else ""]))


def review(duban: Duban, user_id: int) -> list[Answer]:
    """The office's queue: difficulties to put on hold, submissions to accept or return, extensions to decide."""
    with Session(duban.engine) as session:
        person = _person(session, user_id)
        if person is None or person.role != "admin":
            return [Answer(m.OFFICE_ONLY)]
        blocked = item_views(session, DueItemRow.state == BLOCKED)
        submitted = item_views(session, DueItemRow.state == SUBMITTED)
        extensions = item_views(session, DueItemRow.extension == EXTENSION_REQUESTED)
        answers = [Answer(m.REVIEW_BLOCKED + m.REVIEW_BLOCKED_LINE.format(unit=i.unit, label=label(i), title=title(i),
                                                                          reason=i.reason),
                          [[(m.BUTTON_HOLD, f"hold:{i.id}"), (m.BUTTON_REFUSE_HOLD, f"nohold:{i.id}")]])
                   for i in blocked[:MAX_LISTED]]
        answers += [with_file(session, m.REVIEW_SUBMITTED.format(unit=i.unit, label=label(i), title=title(i),
                                                                 evidence=_evidence(session, i.id))
                              + checked_lines(session, i.id, duban.settings.timezone), i.id,
                               [[(m.BUTTON_ACCEPT, f"acc:{i.id}"), (m.BUTTON_RETURN, f"ret:{i.id}")]])
                    for i in submitted[:MAX_LISTED]]
        answers += [Answer(m.REVIEW_EXTENSION.format(unit=i.unit, label=label(i), title=title(i), old=i.due,
                                                     new=i.extension_to, reason=_last_text(session, i.id)),
                           [[(m.BUTTON_EXT_OK, f"extok:{i.id}"), (m.BUTTON_EXT_NO, f"extno:{i.id}")]])
                    for i in extensions[:MAX_LISTED]]
    if not answers:
        return [Answer(m.REVIEW_EMPTY)]
    return [Answer(m.REVIEW_HEAD.format(count=len(submitted) + len(extensions), blocked=len(blocked)))] + answers


def _last_text(session: Session, item_id: int) -> str:
    replies = history(session, item_id)
    return replies[-1].text if replies else ""
