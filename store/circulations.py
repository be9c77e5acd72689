"""The 季度通报: the draft the office was shown, and the notice it approved and sent.

The draft is a snapshot: the ranking as it stood when the office got it, kept
per plan and quarter (a setting, `circulation-draft:<plan>:<period>`, JSON). What
is circulated is that snapshot; `/circulate` compares it with the data as it
stands, and when they differ shows the office the difference and a new draft to
approve instead. A sent circulation is recorded once per plan and quarter and
read back for 约谈 and the scores.
"""
import json
from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from store.tables import CirculationRow, SettingRow
from store.uow import UnitOfWork
from workflows.errors import NotAllowed
from workflows.standing import AsOf, LateItem, UnitStanding

SEPARATOR = "、"


class AlreadyCirculated(NotAllowed, ValueError):
    """That quarter's circulation was sent already; sending it again would name units twice."""


def sent(session: Session, plan_id: int) -> dict[str, list[str]]:
    rows = session.execute(select(CirculationRow).where(CirculationRow.plan_id == plan_id)).scalars()
    return {r.period: [u for u in r.named.split(SEPARATOR) if u] for r in rows}


def record(uow: UnitOfWork, plan_id: int, period: str, named: list[str], approved_by: str) -> None:
    if period in sent(uow.session, plan_id):
        raise AlreadyCirculated(period)
    uow.session.add(CirculationRow(plan_id=plan_id, period=period, named=SEPARATOR.join(named),
                                   approved_by=approved_by, approved_at=uow.now))
    uow.audit("circulation.sent", f"plan:{plan_id}:{period}", after={"named": named, "approved_by": approved_by})


def _key(plan_id: int, period: str) -> str:
    return f"circulation-draft:{plan_id}:{period}"


def keep_draft(session: Session, plan_id: int, period: str, when: AsOf, ranking: list[UnitStanding]) -> None:
    """Remember the draft the office is being shown (the caller commits)."""
    value = json.dumps({"seen": when.seen.isoformat(), "provisional": when.provisional,
                        "ranking": [asdict(r) for r in ranking]}, ensure_ascii=False, default=str)
    row = session.get(SettingRow, _key(plan_id, period))
    if row is None:
        session.add(SettingRow(key=_key(plan_id, period), value=value))
    else:
        row.value = value


def draft(session: Session, plan_id: int, period: str) -> tuple[AsOf, list[UnitStanding]] | None:
    row = session.get(SettingRow, _key(plan_id, period))
    if row is None:
        return None
    data = json.loads(row.value)
    ranking = [UnitStanding(**{**r, "late": tuple(LateItem(x["seq"], date.fromisoformat(x["due"]), x["workdays"])
                                                  for x in r["late"])}) for r in data["ranking"]]
    return AsOf(date.fromisoformat(data["seen"]), data["provisional"]), ranking
