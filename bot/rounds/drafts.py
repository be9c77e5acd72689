"""The round decides, the sender renders: a scheduling round queues drafts, what each message is about, and the
sender makes them into messages once it has claimed them.

A province's round decides thousands of messages in tens of milliseconds; rendering them, reading every item
they list and building the reports, is spread over the minutes the sending takes and over every sender process,
and shows each item as it stands when the message goes out: an item answered meanwhile is left out, and a
message left with nothing to say is dropped, not sent.
"""
import json
import logging
from collections import defaultdict

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.logs import redact
from bot.rounds import cadence, reminders
from bot.runtime import Duban
from bot.services import annual_templates
from store import outbox
from store.outbox import Rendered
from store.tables import OutboxRow

RENDERERS = {reminders.DRAFT: reminders.render, cadence.WEEK_DRAFT: cadence.render_week,
             cadence.REPORT_DRAFT: cadence.render_report,
             annual_templates.DRAFT: annual_templates.render}
log = logging.getLogger(__name__)


def render(duban: Duban, rows: list[OutboxRow]) -> dict[int, Rendered | None]:
    """What the drafts among `rows` become, by row id (None: dropped), read at one moment; nothing is stored but a
    quarterly draft's snapshot, what the office will approve (`store.circulations`)."""
    drafts = defaultdict(list)
    for row in rows:
        if row.draft:
            draft = json.loads(row.draft)
            drafts[draft["kind"]].append((row, draft))
    rendered = {}
    with Session(duban.engine) as session:
        for kind, claimed in drafts.items():
            rendered.update(RENDERERS[kind](session, claimed, duban))
    return rendered


def as_sent(duban: Duban, rows: list[OutboxRow]) -> list[tuple[OutboxRow, Rendered]]:
    """Each row with the message the sender would send for it now, dropped drafts left out: what a simulation
    reads instead of sending."""
    rendered = render(duban, rows)
    ready = ((row, rendered.get(row.id, Rendered(row.text, row.buttons,
                                                 (row.file_name, row.file_data) if row.file_name else None)))
             for row in rows)
    return [(row, message) for row, message in ready if message is not None]


def render_claimed(duban: Duban, rows: list[OutboxRow]) -> list[OutboxRow]:
    """Render the claimed drafts and store what they became; the rows to send, ready."""
    if not any(row.draft for row in rows):
        return rows
    try:
        rendered, broken = render(duban, rows), {}
    except SQLAlchemyError:
        raise      # the database is away: the claim's lease runs out and the rows are taken again
    except Exception:
        rendered, broken = _one_by_one(duban, [row for row in rows if row.draft])
    with Session(duban.engine) as session:      # written apart from the reading: SQLite's lock is held briefly
        outbox.render(session, rendered, duban.clock())
        for row_id, error in broken.items():
            outbox.failed(session, row_id, redact(f"render: {error!r}"), duban.clock())
        session.commit()
    return outbox.ready(rows, rendered, broken)


def _one_by_one(duban: Duban, rows: list[OutboxRow]) -> tuple[dict[int, Rendered | None], dict[int, Exception]]:
    """A batch that would not render, row by row: a defect's draft is failed, with its error, instead of being
    retried after every lease, and the drafts claimed with it still go."""
    rendered, broken = {}, {}
    for row in rows:
        try:
            rendered.update(render(duban, [row]))
        except SQLAlchemyError:
            raise
        except Exception as error:
            log.exception("outbox row %s could not be rendered", row.id)
            broken[row.id] = error
    return rendered, broken
