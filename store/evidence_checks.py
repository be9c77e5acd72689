"""Keeping what the evidence checks found, beside the reply they checked; audited without any number in full.

A link is checked after its reply is stored, in the background; a reply's check
of one source is kept once (a second check of the same reply and link, from a
retried update or a second receiver, changes nothing).
"""
import json
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from store.tables import EvidenceCheckRow, ReplyRow
from store.uow import UnitOfWork
from workflows.evidence_check import EvidenceCheck
from workflows.personal_data import Finding, mask


def record(uow: UnitOfWork, reply_id: int, item_id: int, check: EvidenceCheck) -> bool:
    """Keep the check; False when this reply's source was checked already. The source (a link, a file's name) is
    kept as sent, like the reply's own links: the office must be able to open it."""
    source = check.source
    if uow.session.execute(select(EvidenceCheckRow.id).where(EvidenceCheckRow.reply_id == reply_id,
                                                              EvidenceCheckRow.source == source)).first():
        return False
    uow.session.add(EvidenceCheckRow(reply_id=reply_id, item_id=item_id, source=source, outcome=check.outcome,
                                     reason=check.reason, detail=mask(check.detail), title=mask(check.title),
                                     findings=json.dumps([asdict(f) for f in check.findings], ensure_ascii=False),
                                     capped=check.capped, checked_at=uow.now))
    uow.audit("evidence.check", f"item:{item_id}",
              after={"reply": reply_id, "source": source, "outcome": check.outcome, "reason": check.reason,
                     "findings": len(check.findings), "kinds": sorted({f.kind for f in check.findings})})
    return True


def _check(row: EvidenceCheckRow) -> EvidenceCheck:
    findings = tuple(Finding(**f) for f in json.loads(row.findings or "[]"))
    return EvidenceCheck(row.source, row.outcome, row.reason, row.detail, row.title, findings, row.capped)


def checks_of_reply(session: Session, reply_id: int) -> list[tuple[EvidenceCheck, datetime]]:
    rows = session.execute(select(EvidenceCheckRow).where(EvidenceCheckRow.reply_id == reply_id)
                           .order_by(EvidenceCheckRow.id)).scalars()
    return [(_check(row), row.checked_at) for row in rows]


def last_submission(session: Session, item_id: int) -> int | None:
    """The id of the item's latest submission: the evidence the office is deciding on."""
    return session.execute(select(func.max(ReplyRow.id)).where(ReplyRow.item_id == item_id,
                                                                ReplyRow.action == "submit")).scalar()
