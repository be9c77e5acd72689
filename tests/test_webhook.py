"""Webhook mode: only Telegram (holding the secret) gets in, at a path nobody can guess; each update is handled once."""
import itertools

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.telegram.webhook import HEADER, path_for, receiver, secret_for
from tests.bot_harness import TOKEN, duban_bot, local

LIAISON = 1001
_ids = itertools.count(1)


def _message(update_id: int, user_id: int, text: str) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "联络员"}
    message = {"message_id": next(_ids), "date": 1669168800, "from": user,
               "chat": {"id": user_id, "type": "private"}, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


@pytest.fixture
async def hook(engine, calendar):
    async with duban_bot(engine, calendar, local(2022, 11, 23, 10, 0)) as bot:
        async with TestClient(TestServer(receiver(bot.application))) as client:
            yield bot, client


async def test_only_requests_with_the_secret_are_taken_and_the_path_is_not_guessable(hook):
    bot, client = hook
    path, secret = path_for(TOKEN), secret_for(TOKEN)
    assert len(path) > 30 and TOKEN not in path and TOKEN not in secret
    update = _message(10, LIAISON, "/help")
    for headers in ({}, {HEADER: "wrong"}, {HEADER: secret[:-1]}):
        assert (await client.post(path, json=update, headers=headers)).status == 403
    assert (await client.post("/telegram/guess", json=update, headers={HEADER: secret})).status == 404
    assert (await client.post(path, data=b"{not json", headers={HEADER: secret})).status == 400
    assert bot.api.messages_to(LIAISON) == []                       # none of those reached a handler


async def test_a_retried_update_is_handled_once_and_late_ones_still_count(hook):
    bot, client = hook
    path, headers = path_for(TOKEN), {HEADER: secret_for(TOKEN)}
    code = bot.invite("liaison-a", "县司法局")
    joining = _message(20, LIAISON, f"/start {code}")
    for _ in range(3):                                              # Telegram retries what it was not sure of
        assert (await client.post(path, json=joining, headers=headers)).status == 200
    await bot.delivered()
    welcomes = [m for m in bot.api.messages_to(LIAISON) if "永宁县司法局" in m["text"]]
    assert len(welcomes) == 1
    assert (await client.post(path, json=_message(22, LIAISON, "/my"), headers=headers)).status == 200
    assert (await client.post(path, json=_message(21, LIAISON, "/help"), headers=headers)).status == 200
    texts = [m["text"] for m in bot.api.messages_to(LIAISON)]
    assert any("「永宁县司法局」的事项" in t for t in texts) and any(t.startswith("督办机器人") for t in texts)


@pytest.mark.parametrize("body", [b"null", b"[]", b'[{"update_id": 30}]', b"[" * 200_000 + b"]" * 200_000,
                                  b'{"update_id": "30"}', b'{"message": {}}', b"42"])
async def test_a_body_with_the_secret_that_is_no_update_gets_400(hook, body):
    bot, client = hook
    response = await client.post(path_for(TOKEN), data=body, headers={HEADER: secret_for(TOKEN)})
    assert response.status == 400
