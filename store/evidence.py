"""Evidence files: the one place that keeps a file or photo a unit sent as evidence, and finds it again.

A file is kept in the database (so backups, restores and every worker have it), once per content, under its
SHA-256; a reply names it by that hash (`reply.file_hash`). `keep` stores bytes and says where they are (an
`EvidenceFile`); `data_of` gives the bytes back; `files_of_items` lists each item's submitted files, for the
office's review, the ledger and the checks that read the files.
"""
import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from store.queries import chunks
from store.tables import EvidenceFileRow, ReplyRow
from workflows.errors import InputError

MAX_BYTES = 20 * 1024 * 1024     # Telegram lets a bot download files up to 20 MB: what is larger never arrives


@dataclass(frozen=True)
class EvidenceFile:
    """Where a kept evidence file is: its hash (the key), its name as sent, its type and size."""
    hash: str
    name: str
    mime: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


class TooLarge(InputError):
    """The file is over MAX_BYTES: nothing was kept."""


def _insert(session: Session):
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.get_bind().dialect.name]


def keep(session: Session, data: bytes, name: str, mime: str, now: datetime) -> EvidenceFile:
    """Keep the bytes (the same bytes sent again are kept once, under the name first given) and say where."""
    if len(data) > MAX_BYTES:
        raise TooLarge(name)
    digest = hashlib.sha256(data).hexdigest()
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    session.execute(_insert(session)(EvidenceFileRow).values(hash=digest, name=name, mime=mime, size=len(data),
                                                              data=data, stored_at=now)
                    .on_conflict_do_nothing(index_elements=["hash"]))
    return found(session, digest)


_META = (EvidenceFileRow.hash, EvidenceFileRow.name, EvidenceFileRow.mime, EvidenceFileRow.size)


def found(session: Session, digest: str) -> EvidenceFile | None:
    row = session.execute(select(*_META).where(EvidenceFileRow.hash == digest)).first()
    return EvidenceFile(*row) if row else None


def data_of(session: Session, digest: str) -> bytes | None:
    return session.execute(select(EvidenceFileRow.data).where(EvidenceFileRow.hash == digest)).scalar()


def files_of_items(session: Session, item_ids: list[int]) -> dict[int, list[EvidenceFile]]:
    """The files submitted for each item, in the order they came (a returned item's resubmission last)."""
    files: dict[int, list[EvidenceFile]] = {}
    for ids in chunks(item_ids):
        for item_id, *meta in session.execute(
                select(ReplyRow.item_id, *_META).join(EvidenceFileRow, EvidenceFileRow.hash == ReplyRow.file_hash)
                .where(ReplyRow.item_id.in_(ids), ReplyRow.action == "submit").order_by(ReplyRow.id)):
            files.setdefault(item_id, []).append(EvidenceFile(*meta))
    return files
