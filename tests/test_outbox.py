"""The outbox: a message queued twice is one message; a claimed one goes to one sender; nothing is lost."""
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from store import outbox
from store.tables import OutboxRow

NOW = datetime(2022, 11, 23, 1, 0, tzinfo=timezone.utc)
CHAT = 5_000_000_001


def test_the_same_idempotency_key_queues_one_message(engine):
    with Session(engine) as session:
        assert outbox.enqueue(session, "remind:17:杨和镇:2022-11-23", CHAT, "提醒", NOW)
        assert not outbox.enqueue(session, "remind:17:杨和镇:2022-11-23", CHAT, "提醒", NOW)
        assert outbox.enqueue(session, "remind:17:李俊镇:2022-11-23", CHAT + 1, "提醒", NOW)
        session.commit()
        assert len(session.execute(select(OutboxRow)).scalars().all()) == 2


def test_a_claimed_message_is_not_claimed_again_until_its_lease_runs_out(engine):
    with Session(engine) as session:
        outbox.enqueue(session, "k1", CHAT, "提醒", NOW)
        session.commit()
        first = outbox.claim(session, NOW)
        session.commit()
        assert [r.attempts for r in first] == [1]
        assert outbox.claim(session, NOW + timedelta(minutes=1)) == []
        retaken = outbox.claim(session, NOW + timedelta(minutes=3))   # the first sender died
        assert [r.attempts for r in retaken] == [2]
        session.commit()


def test_outcomes_are_recorded_with_the_telegram_message_id_or_the_error(engine):
    with Session(engine) as session:
        for key in ("a", "b", "c", "d"):
            outbox.enqueue(session, key, CHAT, "提醒", NOW)
        rows = outbox.claim(session, NOW)
        outbox.sent(session, rows[0].id, 4242, NOW)
        outbox.retry_later(session, rows[1].id, "429 retry after 5", NOW)
        outbox.failed(session, rows[2].id, "403 bot was blocked by the user", NOW)
        outbox.unconfirmed(session, rows[3].id, "timed out", NOW)
        session.commit()
        states = {r.idempotency_key: (r.state, r.telegram_message_id, r.last_error)
                  for r in session.execute(select(OutboxRow)).scalars()}
    assert states == {"a": ("sent", 4242, ""), "b": ("queued", None, "429 retry after 5"),
                      "c": ("failed", None, "403 bot was blocked by the user"), "d": ("unconfirmed", None, "timed out")}
