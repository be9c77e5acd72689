"""An admin's pause of one scheduled report for one period, kept as a setting (`mute:weekly:2022-W48`)."""
from sqlmodel import Session

from store.tables import SettingRow
from store.uow import UnitOfWork


def _key(kind: str, period: str) -> str:
    return f"mute:{kind}:{period}"


def is_muted(session: Session, kind: str, period: str) -> bool:
    return session.get(SettingRow, _key(kind, period)) is not None


def mute(uow: UnitOfWork, kind: str, period: str, by: str) -> None:
    if not is_muted(uow.session, kind, period):
        uow.session.add(SettingRow(key=_key(kind, period), value=by))
        uow.audit("report.muted", _key(kind, period), after={"by": by})


def unmute(uow: UnitOfWork, kind: str, period: str) -> None:
    row = uow.session.get(SettingRow, _key(kind, period))
    if row is not None:
        uow.session.delete(row)
        uow.audit("report.unmuted", _key(kind, period), before={"by": row.value})
