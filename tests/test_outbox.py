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


def test_a_batch_queues_each_new_key_once_in_order_with_its_text_exactly(engine):
    """A round's messages go in as one batch: what was already queued (an earlier round) is skipped, the rest
    are claimed in the order given, their texts, keyboards and drafts as written (quotes, backslashes, Chinese),
    each its own even where most share one."""
    same = '{"kind": "reminder", "today": "2022-11-23"}'
    drafts = [outbox.Text("remind:8:2022-11-23", CHAT, None, draft=same),
              outbox.Text("remind:9:2022-11-23", CHAT + 1, None, text='请于11月25日前报送"政策解读"\\附件',
                          buttons='[[{"text": "已完成", "callback_data": "done:41"}]]'),
              outbox.Text("remind:10:2022-11-23", CHAT + 2, None, text='请于11月25日前报送"政策解读"\\附件'),
              outbox.Text("remind:11:2022-11-23", CHAT + 3, None, draft=same)]
    week = outbox.Text("week:8:2022-11-21", CHAT, None, text="本周到期：2项\n")
    with Session(engine) as session:
        assert outbox.enqueue_many(session, drafts[:1], NOW) == 1
        assert outbox.enqueue_many(session, [*drafts, week], NOW) == 4
        session.commit()
        claimed = outbox.claim(session, NOW)
    assert [(r.idempotency_key, r.chat_id, r.text, r.buttons, r.draft, r.created_at) for r in claimed] == [
        (m.key, m.chat_id, m.text, m.buttons, m.draft, NOW) for m in [*drafts, week]]


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
