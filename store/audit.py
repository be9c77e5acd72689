"""The audit trail (留痕): append-only, each entry chained to the previous one by a hash.

Editing or deleting any entry breaks the chain at that point, which `verify`
reports. Writers serialise on the single `audit_head` row, so two processes
can never chain onto the same previous entry.
"""
import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert, update
from sqlmodel import Session, select

from store.tables import AuditEntry, AuditHead

GENESIS = "0" * 64
CHAINED = ("at", "actor", "role", "chat_id", "action", "subject", "before", "after", "prev_hash")   # what a hash covers
FIELDS = ("id", "at", "actor", "role", "chat_id", "action", "subject", "before", "after", "prev_hash", "hash")


@dataclass(frozen=True)
class Actor:
    """Who did it: a name (a person's, or `cli:<user>`), their role, and the chat it came from."""
    name: str
    role: str = ""
    chat_id: int | None = None


# written for every reply: the statements are built once (building and keying them cost more than running them)
_HEAD = select(AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_FIRST_HEAD = insert(AuditHead.__table__).values(id=1, entries=1)
_NEXT_HEAD = (update(AuditHead.__table__).where(AuditHead.__table__.c.id == 1)
              .values(entries=AuditHead.__table__.c.entries + 1))
_ENTRY = insert(AuditEntry.__table__)


def _digest(values: dict) -> str:
    body = json.dumps([values["at"].isoformat(), *(values[f] for f in CHAINED[1:])], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _as_text(value) -> str:
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, actor: Actor, action: str, subject: str, now: datetime, before=None, after=None) -> None:
    """Append one entry in the caller's transaction."""
    last_hash = session.execute(_HEAD).scalar()
    entry = {"at": now.astimezone(timezone.utc), "actor": actor.name, "role": actor.role, "chat_id": actor.chat_id,
             "action": action, "subject": subject, "before": _as_text(before), "after": _as_text(after),
             "prev_hash": last_hash or GENESIS}
    entry["hash"] = _digest(entry)
    session.execute(_FIRST_HEAD if last_hash is None else _NEXT_HEAD, {"last_hash": entry["hash"]})
    session.execute(_ENTRY, entry)


def verify(session: Session) -> list[str]:
    """What is wrong with the chain; an empty list when it is intact."""
    faults, previous, count = [], GENESIS, 0
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != previous:
            faults.append(f"第{entry.id}条：前一条记录被删除或改动（链断开）")
        if _digest({f: getattr(entry, f) for f in CHAINED}) != entry.hash:
            faults.append(f"第{entry.id}条：内容与哈希不符（记录被改动）")
        previous = entry.hash
    head = session.get(AuditHead, 1)
    if head and (head.last_hash != previous or head.entries != count):
        faults.append(f"链尾不符：应有{head.entries}条，现有{count}条（末尾记录被删除）")
    return faults


# the CSV's headers, for the office that opens it in Excel or WPS
CSV_HEADERS = {"id": "序号", "at": "时间", "actor": "操作人", "role": "角色", "chat_id": "会话", "action": "操作",
               "subject": "对象", "before": "变更前", "after": "变更后", "prev_hash": "前一条哈希", "hash": "哈希"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(session: Session, fmt: str, timezone) -> str:
    """JSON with UTC times as stored, or CSV for Excel: Chinese headers, local times (`timezone`), and text that
    could start a formula (=, +, -, @) quoted with ' so that Excel shows it instead of running it. The caller
    writes CSV with a BOM (`utf-8-sig`), which Excel needs to read UTF-8."""
    entries = session.exec(select(AuditEntry).order_by(AuditEntry.id))
    if fmt == "json":
        rows = [{f: getattr(e, f) for f in FIELDS} | {"at": e.at.isoformat()} for e in entries]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([CSV_HEADERS[f] for f in FIELDS])
    for e in entries:
        values = {f: getattr(e, f) for f in FIELDS} | {"at": f"{e.at.astimezone(timezone):%Y-%m-%d %H:%M:%S}"}
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
                         for v in values.values()])
    return out.getvalue()
