"""Evidence checked as it arrives in chat: a dead link or a published 身份证号 told to the liaison at once, shown to
the office in /review, and no number ever stored, audited or logged in full."""
import io
import logging

import pytest
from sqlmodel import Session, select

from bot.logs import RedactingFilter
from importers.links import check_link
from store import audit
from store.tables import EvidenceCheckRow, OutboxRow, ReplyRow

from tests.bot_harness import duban_bot, local
from tests.evidence_samples import ID_NUMBER, public_notice_docx

LIAISON, ADMIN = 1001, 2001
PHONE = "13912345678"


@pytest.fixture
async def bot(engine, calendar, site):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0), open_link=check_link,
                         link_hosts=frozenset({"localhost"})) as harness:
        await harness.join(LIAISON, "liaison-a", "县司法局")
        await harness.join(ADMIN, "admin", None)
        yield harness


async def test_a_link_that_does_not_open_is_told_to_the_liaison_and_shown_to_the_office(bot, site):
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, f"17号已完成 {site}/gone")
    await bot.next_message(LIAISON, "已提交", after=seen)
    told = await bot.next_message(LIAISON, "链接无法打开", after=seen)
    assert "网站返回错误 404" in told["text"] and "请核对链接" in told["text"]

    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, f"{site}/gone")
    assert f"⚠ 链接无法打开：{site}/gone（网站返回错误 404）" in queued["text"]


async def test_a_page_that_opens_is_shown_to_the_office_with_its_title_and_the_time_it_was_checked(bot, site):
    link = f"{site}/masked?art=13912345678"       # an article id, not a phone number: the link stays as sent
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, f"17号已完成 {link}")
    submitted = await bot.next_message(LIAISON, "已提交", after=seen)
    assert "个人信息" not in submitted["text"]
    await bot.api.wait_for(lambda: _checks(bot))
    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, link)
    assert f"✓ 链接可以打开：{link}，标题「永宁县2022年第三季度城乡低保对象公示」（11-23 10:00 检查）" in queued["text"]
    assert bot.count(LIAISON) == seen + 1          # nothing wrong: the liaison hears only 已提交


@pytest.fixture
def log():
    """What Duban's log handler writes (bot.redact), at DEBUG: python-telegram-bot logs every update there."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.addFilter(RedactingFilter())
    root, level = logging.getLogger(), logging.getLogger().level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield written
    root.removeHandler(handler)
    root.setLevel(level)


async def test_a_published_shenfenzheng_is_told_masked_and_never_kept_or_logged_in_full(bot, site, log):
    seen = bot.count(LIAISON)
    bot.api.user_sends(LIAISON, f"17号已完成 {site}/unmasked 联系人电话{PHONE}")
    submitted = await bot.next_message(LIAISON, "已提交", after=seen)
    assert "回复文字：发现 1 处未遮掩的个人信息" in submitted["text"] and "【139****5678】" in submitted["text"]
    told = await bot.next_message(LIAISON, "/unmasked", after=seen)
    assert "第3行 身份证号：张某某 【640121********1232】 3" in told["text"] and "请遮掩" in told["text"]

    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, f"{site}/unmasked")
    assert f"⚠ 链接可以打开：{site}/unmasked，标题「永宁县2022年第三季度城乡低保对象公示」" in queued["text"]
    assert "· 第3行 身份证号：张某某 【640121********1232】 3" in queued["text"]
    assert "⚠ 回复文字：发现 1 处未遮掩的个人信息：\n· 第1行 手机号：" in queued["text"]

    with Session(bot.duban.engine) as session:
        kept = [audit.export(session, "json", bot.duban.settings.timezone),
                *session.execute(select(ReplyRow.text)).scalars(),
                *session.execute(select(OutboxRow.text)).scalars(),
                *(r.findings + r.title for r in session.execute(select(EvidenceCheckRow)).scalars())]
    sent = [msg.get("text", "") for chat in (LIAISON, ADMIN) for msg in bot.api.messages_to(chat)]
    assert PHONE[:3] + "****" + PHONE[-4:] in log.getvalue()     # the update was logged, masked
    for number in (ID_NUMBER, PHONE):
        assert not [text for text in kept + sent + [log.getvalue()] if number in text]


def _checks(bot) -> list:
    with Session(bot.duban.engine) as session:
        return list(session.execute(select(EvidenceCheckRow)).scalars())


async def test_a_word_file_sent_as_evidence_is_read_and_a_shenfenzheng_in_its_table_told_masked(bot):
    seen = bot.count(LIAISON)
    bot.sends_file(LIAISON, public_notice_docx(), "救助公示.docx", caption="17号已完成")
    await bot.next_message(LIAISON, "已提交", after=seen)
    told = await bot.next_message(LIAISON, "救助公示.docx", after=seen)
    assert ("救助公示.docx：发现 1 处未遮掩的个人信息：\n· 表格1第2行第2列 身份证号：【640121********1232】"
            in told["text"])

    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "⚠ 救助公示.docx")
    assert ID_NUMBER not in queued["text"]


async def test_a_photo_sent_as_evidence_is_shown_to_the_office_as_not_checked(bot):
    seen = bot.count(LIAISON)
    bot.sends_file(LIAISON, b"\xff\xd8\xff\xe0 the notice board", caption="17号已完成")
    await bot.next_message(LIAISON, "已提交", after=seen)
    await bot.api.wait_for(lambda: _checks(bot))
    bot.api.user_sends(ADMIN, "/review")
    queued = await bot.next_message(ADMIN, "图片，未检查其中的个人信息")
    assert "○ " in queued["text"] and "⚠" not in queued["text"]
    assert bot.count(LIAISON) == seen + 1          # nothing the liaison must fix
