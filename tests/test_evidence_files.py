"""Evidence the office can see: files and photos a unit sends are downloaded, kept, and shown with the item."""
import hashlib

import pytest
from sqlmodel import Session, select

from store import evidence
from store.ledger import ledger
from store.queries import latest_plan_id
from store.tables import ReplyRow

from tests.bot_harness import duban_bot, local

LIAISON, ADMIN = 1001, 2001
ARTICLE = b"%PDF-1.4 \xe6\x94\xbf\xe5\x8a\xa1\xe5\x85\xac\xe5\xbc\x80 the article as published"
PHOTO = b"\xff\xd8\xff\xe0 the notice board at the town hall"


@pytest.fixture
async def bot(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as harness:
        yield harness


def _sent_file(bot, chat_id: int, kind: str) -> tuple[dict, bytes]:
    message = next(msg for msg in reversed(bot.api.messages_to(chat_id)) if kind in msg)
    attached = message[kind] if kind == "document" else message[kind][-1]
    return message, bot.api.files[attached["file_id"]]


async def test_the_office_opens_the_file_a_unit_sent_as_evidence_in_review_and_in_the_item(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    await bot.join(ADMIN, "admin", None)
    bot.sends_file(LIAISON, ARTICLE, "稿件.pdf", caption="47号已完成，已在《政务公开工作交流》发表")
    await bot.next_message(LIAISON, "已提交")

    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "稿件.pdf")
    assert "序号47" in queued["text"] and [b["text"] for b in queued["reply_markup"]["inline_keyboard"][0]] == \
        ["通过", "退回"]
    document = await bot.api.wait_for(lambda: next((m for m in bot.api.messages_to(ADMIN) if "document" in m), None))
    assert document["document"]["file_name"] == "稿件.pdf"
    assert bot.api.files[document["document"]["file_id"]] == ARTICLE

    seen = bot.count(ADMIN)
    bot.api.user_sends(ADMIN, "/item 47 杨和镇")
    await bot.api.wait_for(lambda: any("document" in m for m in bot.api.messages_to(ADMIN)[seen:]))
    assert _sent_file(bot, ADMIN, "document")[1] == ARTICLE


async def test_a_photo_the_office_reviews_arrives_as_a_photo(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    await bot.join(ADMIN, "admin", None)
    bot.sends_file(LIAISON, PHOTO, caption="47号已完成")
    await bot.next_message(LIAISON, "已提交")
    bot.api.user_sends(ADMIN, "/review")
    await bot.api.wait_for(lambda: any("photo" in m for m in bot.api.messages_to(ADMIN)))
    assert _sent_file(bot, ADMIN, "photo")[1] == PHOTO


async def test_a_photo_without_a_caption_answers_the_reminder_it_replies_to(bot):
    await bot.join(LIAISON, "liaison-a", "县税务局")           # named by row 6 alone (县财政局、税务局)
    bot.clock.move_to(local(2022, 11, 29, 10, 0))               # the eve of 11-30: 序号6 alone
    await bot.tick()
    reminder = await bot.next_message(LIAISON, "即将到期")
    seen = bot.count(LIAISON)
    bot.sends_file(LIAISON, PHOTO, reply_to=reminder)
    done = await bot.next_message(LIAISON, "已提交", after=seen)
    assert "开展税收优惠政策" in done["text"]
    with Session(bot.duban.engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.action == "submit")).scalars().one()
        assert stored.file_hash == hashlib.sha256(PHOTO).hexdigest()
        assert evidence.data_of(session, stored.file_hash) == PHOTO


async def test_a_photo_after_pressing_done_is_the_evidence_asked_for(bot):
    await bot.join(LIAISON, "liaison-a", "县税务局")
    bot.clock.move_to(local(2022, 11, 29, 10, 0))
    await bot.tick()
    reminder = await bot.next_message(LIAISON, "即将到期")
    bot.api.user_presses(LIAISON, reminder, reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    await bot.next_message(LIAISON, "请")                      # asked for the evidence
    seen = bot.count(LIAISON)
    bot.sends_file(LIAISON, PHOTO)                             # not a reply, no caption
    await bot.next_message(LIAISON, "已提交", after=seen)


async def test_a_photo_out_of_the_blue_asks_which_item_with_buttons_and_goes_to_the_one_chosen(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    bot.sends_file(LIAISON, PHOTO)
    which = await bot.next_message(LIAISON, "哪一项")
    assert "没有看懂" not in which["text"]
    choices = [row[0] for row in which["reply_markup"]["inline_keyboard"]]
    assert len(choices) > 1
    seen = bot.count(LIAISON)
    bot.api.user_presses(LIAISON, which, choices[0]["callback_data"])
    await bot.next_message(LIAISON, "已提交", after=seen)
    chosen = int(choices[0]["callback_data"].split(":")[1])
    with Session(bot.duban.engine) as session:
        stored = session.execute(select(ReplyRow).where(ReplyRow.item_id == chosen)).scalars().one()
    assert stored.file_hash == hashlib.sha256(PHOTO).hexdigest()


async def test_a_file_over_the_cap_is_refused_by_name_and_nothing_is_stored(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    bot.sends_file(LIAISON, ARTICLE, "扫描件.pdf", caption="47号已完成", file_size=25 * 2**20)
    refused = await bot.next_message(LIAISON, "扫描件.pdf")
    assert "25.0 MB" in refused["text"] and "20 MB" in refused["text"]
    with Session(bot.duban.engine) as session:
        assert session.execute(select(ReplyRow)).first() is None


async def test_the_ledger_lists_each_items_file_by_name_and_hash(bot):
    await bot.join(LIAISON, "liaison-a", "杨和镇")
    bot.sends_file(LIAISON, ARTICLE, "稿件.pdf", caption="47号已完成 http://www.yongning.gov.cn/47.html")
    await bot.next_message(LIAISON, "已提交")
    with Session(bot.duban.engine) as session:
        lines = ledger(session, latest_plan_id(session), "杨和镇")
    line = next(line for line in lines if line.seq == "47" and line.state == "submitted")
    assert "http://www.yongning.gov.cn/47.html" in line.evidence
    assert f"稿件.pdf（SHA-256 {hashlib.sha256(ARTICLE).hexdigest()}）" in line.evidence


def test_the_same_bytes_are_kept_once_under_their_hash(engine):
    from datetime import datetime, timezone
    now = datetime(2022, 11, 23, 2, 0, tzinfo=timezone.utc)
    with Session(engine) as session:
        first = evidence.keep(session, PHOTO, "照片.jpg", "", now)
        again = evidence.keep(session, PHOTO, "另一张.jpg", "", now)
        session.commit()
        assert first == again == evidence.EvidenceFile(hashlib.sha256(PHOTO).hexdigest(), "照片.jpg", "image/jpeg",
                                                       len(PHOTO))
        with pytest.raises(evidence.TooLarge):
            evidence.keep(session, b"x" * (evidence.MAX_BYTES + 1), "大文件.zip", "", now)
