"""The audit trail (留痕): append-only, each entry chained to the previous one by a keyed hash (HMAC-SHA256).

The key lives outside the database (bot.config: a file or an environment
variable), so whoever can write the database but not read the key cannot edit
an entry, or rewrite the chain after it, and have it verify. Editing or deleting
any entry breaks the chain at that point, which `verify` reports. What the
database alone cannot show is its own latest entries cut off with `audit_head`
set back: the anchor (`anchor`, "N:HASH", printed on every report and export the
office files) is kept outside it, and `verify(against=...)` proves the trail
still holds that state. Writers serialise on the single `audit_head` row, so two
processes can never chain onto the same previous entry.
"""
import csv
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert, update
from sqlmodel import Session, select

from store import audit_key
from store.tables import AuditEntry, AuditHead, PersonRow, PlanRow
from workflows.errors import InputError

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


def _body(values: dict) -> bytes:
    return json.dumps([values["at"].isoformat(), *(values[f] for f in CHAINED[1:])], ensure_ascii=False).encode()


def _digest(values: dict) -> str:
    return hmac.new(audit_key.key(), _body(values), hashlib.sha256).hexdigest()


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


def anchor(session: Session) -> str:
    """The trail's head now, "N:HASH" (N entries, the last one's hash): what a report or export carries."""
    head = session.get(AuditHead, 1)
    return f"{head.entries}:{head.last_hash}" if head else f"0:{GENESIS}"


def parse_anchor(text_: str) -> tuple[int, str]:
    """(N, HASH) of an anchor as printed; InputError in Chinese when it is not one."""
    count, _, digest = text_.strip().partition(":")
    if not count.isdigit() or len(digest) != 64 or digest.strip("0123456789abcdef"):
        raise InputError(f"'{text_}' 不是留痕锚点：应写成「条数:哈希」，如报表页脚所印")
    return int(count), digest


def verify(session: Session, against: str | None = None) -> list[str]:
    """What is wrong with the chain (and, given an anchor "N:HASH", whether its N-th entry is still HASH)."""
    wanted = parse_anchor(against) if against else None
    faults, previous, count, held = [], GENESIS, 0, wanted is None or wanted == (0, GENESIS)
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != previous:
            faults.append(f"第{entry.id}条：前一条记录被删除或改动（链断开）")
        if _digest({f: getattr(entry, f) for f in CHAINED}) != entry.hash:
            faults.append(f"第{entry.id}条：内容与哈希不符（记录被改动，或不是用本机的留痕密钥写的）")
        if wanted and count == wanted[0]:
            held = entry.hash == wanted[1]
        previous = entry.hash
    head = session.get(AuditHead, 1)
    if head and (head.last_hash != previous or head.entries != count):
        faults.append(f"链尾不符：应有{head.entries}条，现有{count}条（末尾记录被删除）")
    if count == 0 and (session.exec(select(PlanRow.id)).first() or session.exec(select(PersonRow.id)).first()):
        faults.append("留痕为空，但数据库中有计划或人员：留痕被清空")
    if not held:
        faults.append(f"与锚点不符：第{wanted[0]}条" + ("不存在（此后的记录被删除）" if count < wanted[0]
                                                       else "已不是锚点记下的那一条（记录被改写）"))
    return faults


def rechain(connection) -> int:
    """Chain every entry again with the key (the migration from the unkeyed chain); how many entries."""
    session = Session(bind=connection)
    previous, count = GENESIS, 0
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all():
        entry.prev_hash = previous
        entry.hash = previous = _digest({f: getattr(entry, f) for f in CHAINED})
        count += 1
    head = session.get(AuditHead, 1)
    if head is not None:
        head.last_hash, head.entries = previous, count
    session.flush()
    return count


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
