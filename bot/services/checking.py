"""Checking a submission's evidence: its words at once, its links and its file in the background.

A check is kept beside the reply (store.evidence_checks) and shown to the office in
/review and /item; what is wrong is told to the liaison who sent it, through the
outbox, at once. Links are opened and the kept file (store.evidence) read after
the reply is stored and answered, so a slow site or a long PDF never holds up
the chat; a process stopped meanwhile leaves that reply unchecked (the office
still sees the link and the file themselves).
"""
import asyncio
import hashlib

from sqlmodel import Session

from bot import messages as m
from bot.render.evidence import liaison_warning
from bot.render.items import title as item_title
from bot.runtime import Duban
from bot.services.chat import view_of
from importers.evidence_text import check_file
from importers.links import LinkLimits
from store import evidence as evidence_files, evidence_checks as checks_store, outbox
from store.audit import Actor
from store.tables import PersonRow, ReplyRow
from store.uow import UnitOfWork
from store.views import ItemView
from workflows.evidence_check import CHECKED, EvidenceCheck
from workflows.personal_data import Passage, find_personal_data
from workflows.reply_text import without_links

CHECKER = Actor("duban:evidence-check", "system")
MAX_LINKS = 5      # links opened for one reply; a reply with more is unusual and the office sees them all


def text_check(text: str) -> EvidenceCheck | None:
    """The reply's own words, when they show a number unmasked."""
    lines = without_links(text).splitlines()
    found = find_personal_data([Passage(m.LINE.format(n=n), line) for n, line in enumerate(lines, 1)])
    return EvidenceCheck(m.REPLY_TEXT_SOURCE, CHECKED, findings=tuple(found)) if found else None


def record_text_check(uow: UnitOfWork, reply_id: int, item: ItemView, text: str) -> str:
    """Keep the check of a submission's words; what to add to the answer ('' when they are fine)."""
    check = text_check(text)
    if check is None:
        return ""
    checks_store.record(uow, reply_id, item.id, check)
    return "\n" + liaison_warning(item_title(item), [check])


def _record(duban: Duban, reply_id: int, checks: list[EvidenceCheck]) -> int:
    """Keep the checks; the liaison who replied is told of those that warn. How many messages were queued."""
    with UnitOfWork(duban.engine, duban.clock, CHECKER) as uow:
        reply = uow.session.get(ReplyRow, reply_id)
        kept = [c for c in checks if checks_store.record(uow, reply_id, reply.item_id, c)]
        warns = [c for c in kept if c.warns]
        person = uow.session.get(PersonRow, reply.person_id) if reply.person_id else None
        queued = 0
        if warns and person is not None and person.telegram_user_id is not None:
            title = item_title(view_of(uow.session, reply.item_id))
            sources = hashlib.sha256("\n".join(c.source for c in kept).encode()).hexdigest()[:16]
            queued = outbox.enqueue(uow.session, f"check:{reply_id}:{sources}", person.telegram_user_id,
                                    liaison_warning(title, warns), uow.now, person.id)
        uow.commit()
    return queued


def _evidence_of(duban: Duban, reply_id: int) -> tuple[list[str], tuple[str, bytes] | None]:
    """The reply's links, and its kept file (name and bytes) if it has one."""
    with Session(duban.engine) as session:
        reply = session.get(ReplyRow, reply_id)
        kept = evidence_files.found(session, reply.file_hash) if reply.file_hash else None
        file = (kept.name, evidence_files.data_of(session, kept.hash)) if kept else None
        return [u for u in reply.urls.splitlines() if u][:MAX_LINKS], file


async def check_reply(duban: Duban, reply_id: int) -> int:
    """Open the reply's links and read its file, at once, and keep what they show; how many messages were queued
    for the liaison. The file is read in a worker thread: a long PDF takes a while."""
    limits = LinkLimits(listed_hosts=duban.settings.link_hosts)
    links, file = await asyncio.to_thread(_evidence_of, duban, reply_id)
    checks = [duban.open_link(link, limits) for link in links]
    checks += [asyncio.to_thread(check_file, *file)] if file else []
    found = await asyncio.gather(*checks)
    return await asyncio.to_thread(_record, duban, reply_id, list(found)) if found else 0
