"""Identities on DingTalk and WeCom: a platform's string id for a person, and the number Duban keys the chat by.

Telegram gives numbers and needs none of this. An id is created the first time
a platform id writes or is written to, and never changes, so a restart or a
second process finds the same number.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store.tables import ChannelIdentityRow


def chat_id(session: Session, channel: str, platform_id: str, now: datetime) -> int:
    """The number for `platform_id` on `channel`, created if it has none; the caller commits."""
    found = session.execute(select(ChannelIdentityRow.id).where(
        ChannelIdentityRow.channel == channel, ChannelIdentityRow.platform_id == platform_id)).scalar()
    if found is not None:
        return found
    row = ChannelIdentityRow(channel=channel, platform_id=platform_id, created_at=now)
    try:
        with session.begin_nested():     # another process may add the same person at the same moment
            session.add(row)
    except IntegrityError:
        return chat_id(session, channel, platform_id, now)
    return row.id


def platform_id(session: Session, channel: str, chat: int) -> str | None:
    return session.execute(select(ChannelIdentityRow.platform_id).where(
        ChannelIdentityRow.channel == channel, ChannelIdentityRow.id == chat)).scalar()
