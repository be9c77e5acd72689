"""The 季度通报 the office approved and sent: recorded once per plan and quarter, read back for 约谈 and scores."""
from sqlalchemy import select
from sqlmodel import Session

from store.tables import CirculationRow
from store.uow import UnitOfWork

SEPARATOR = "、"


class AlreadyCirculated(ValueError):
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
