"""WeCom 自建应用 over aiohttp: message/send (text, markdown, template_card buttons, file) and media upload.

Errors become the channel's (see bot.channels.base): errcode 45009 and HTTP 429 →
RateLimited; a recipient in `invaliduser` → Unreachable; -1 (busy), 5xx and
network errors → Transient; any other errcode → Refused. An expired or invalid
token is fetched again once. Sends are paced under 30 a minute and 1,000 an hour
per member, since WeCom drops the excess without an error.
"""
import asyncio
import json
import uuid
from itertools import groupby

import aiohttp

from bot import messages as m
from bot.channels.base import (Button, Capabilities, Message, RateLimited, RatePerPerson, Refused, SentRef, SilentDrop,
                               Transient, Unreachable)
from bot.channels.configs import WeComConfig
from bot.channels.pacing import WindowPacer, paced
from bot.channels.textparts import split_bytes
from bot.channels.tokens import TokenCache

TEXT_BYTES = 2048
CARD_BUTTONS = 6       # button_list's limit (as we read WeCom's template_card docs; check before relying on it)
CARDS = 3               # cards of buttons a message at most
CARD_TEXT_CHARS = 112   # a card shows plain text up to this (sub_title_text); longer text or markdown goes first, alone
TOKEN_GONE = {40014, 42001}    # invalid, expired
BUSY, FREQUENCY = -1, 45009
PER_MEMBER = (RatePerPerson(30, 60.0), RatePerPerson(1000, 3600.0))
CAPABILITIES = Capabilities(
    buttons=True, editing=True, files=True, markdown=True, max_text_bytes=TEXT_BYTES,
    per_app_per_second=10_000 / 60, per_person=PER_MEMBER,
    silent_drops=tuple(SilentDrop("per-person-rate", limit) for limit in PER_MEMBER))
RETRY_AFTER_FREQUENCY = 60.0   # 45009 says no when; a minute is the shortest window it counts


class WeComClient:
    capabilities = CAPABILITIES

    def __init__(self, config: WeComConfig, session: aiohttp.ClientSession, pacer: WindowPacer | None = None,
                 timeout: float = 10.0):
        self.config, self._session = config, session
        self.tokens = TokenCache(self._token_answer)
        self.pacer = pacer or WindowPacer(CAPABILITIES.per_app_per_second, PER_MEMBER)
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def close(self) -> None:
        await self._session.close()

    async def send(self, person: str, message: Message) -> SentRef:
        """Text that fits a card goes on the first card; otherwise it goes first, in parts, and the buttons follow
        on cards of their own, a row (one item's actions) a card, the first CARDS rows: a card a row for a
        reminder of twenty items would bury the chat, and each counts against the member's 30 a minute."""
        kind = "markdown" if message.markdown else "text"
        text, ref = message.text, None
        if not (message.buttons and not message.markdown and len(text) <= CARD_TEXT_CHARS):
            for part in split_bytes(text, TEXT_BYTES):
                ref = await self._send(person, {"msgtype": kind, kind: {"content": part}})
            text = ""
        cards = _card_rows(message.buttons)
        for n, buttons in enumerate(cards[:CARDS]):
            if n == CARDS - 1 and len(cards) > CARDS:     # the rest are answered in text, as anywhere
                text = text or m.WECOM_MORE_BY_TEXT
            ref = await self._send(person, {"msgtype": "template_card", "template_card": _card(message, text, buttons)})
            text = ""
        return ref

    async def send_file(self, person: str, name: str, content: bytes, caption: str = "") -> SentRef:
        """The file; a caption goes first as a text, since WeCom's file message carries none."""
        media_id = await self.upload(name, content)
        if caption:
            await self.send(person, Message(caption))
        return await self._send(person, {"msgtype": "file", "file": {"media_id": media_id}})

    async def upload(self, name: str, content: bytes) -> str:
        """The file's media_id; a timeout here is Transient, since nobody has been sent anything yet."""
        form = aiohttp.FormData(quote_fields=False)   # WeCom shows the file name as sent: UTF-8, not %-escaped
        form.add_field("media", content, filename=name, content_type="application/octet-stream")
        try:
            answer = await self._call("POST", "/cgi-bin/media/upload", params={"type": "file"}, data=form)
        except asyncio.TimeoutError:
            raise Transient(f"上传 {name} 超时") from None
        return answer["media_id"]

    async def fetch(self, media: str) -> bytes:
        """A file a member sent the app (its media_id, kept 3 days): WeCom answers the bytes, or JSON on error."""
        for attempt in (1, 2):
            token = await self.tokens.get()
            try:
                async with self._session.get(self.config.api + "/cgi-bin/media/get", timeout=self._timeout,
                                             params={"access_token": token, "media_id": media}) as response:
                    if response.status >= 500:
                        raise Transient(f"企业微信 HTTP {response.status}")
                    if response.content_type != "application/json":
                        return await response.read()
                    answer = json.loads(await response.text())
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as error:
                raise Transient(f"企业微信文件下载失败：{error!r}") from None
            if answer.get("errcode", 0) in TOKEN_GONE and attempt == 1:
                self.tokens.expire(token)
                continue
            _checked(answer)
            raise Refused(f"企业微信未返回文件 {media}")

    async def _send(self, person: str, body: dict) -> SentRef:
        body = {"touser": person, "agentid": self.config.agent_id, **body}
        try:
            answer = await paced(self.pacer, person, lambda: self._call("POST", "/cgi-bin/message/send", json=body))
        except asyncio.TimeoutError:   # it may have arrived: not sent again, recorded as unconfirmed
            return SentRef("", confirmed=False)
        if person in answer.get("invaliduser", "").split("|"):
            raise Unreachable(f"{person} 不在应用可见范围内（invaliduser）")
        return SentRef(str(answer.get("msgid", "")), confirmed=True)

    async def _call(self, method: str, path: str, params: dict | None = None, **kwargs) -> dict:
        for attempt in (1, 2):
            token = await self.tokens.get()
            answer = await self._request(method, path, {**(params or {}), "access_token": token}, **kwargs)
            if answer.get("errcode", 0) in TOKEN_GONE and attempt == 1:
                self.tokens.expire(token)
                continue
            return _checked(answer)

    async def _request(self, method: str, path: str, params: dict, **kwargs) -> dict:
        try:
            async with self._session.request(method, self.config.api + path, params=params,
                                             timeout=self._timeout, **kwargs) as response:
                if response.status == 429:
                    raise RateLimited(RETRY_AFTER_FREQUENCY, "HTTP 429")
                if response.status >= 500:
                    raise Transient(f"企业微信 HTTP {response.status}")
                return json.loads(await response.text())
        except aiohttp.ClientConnectionError as error:
            raise Transient(f"企业微信连接失败：{error}") from None

    async def _token_answer(self) -> tuple[str, float]:
        params = {"corpid": self.config.corp_id, "corpsecret": self.config.secret}
        answer = _checked(await self._request("GET", "/cgi-bin/gettoken", params))
        return answer["access_token"], float(answer["expires_in"])


def _checked(answer: dict) -> dict:
    code = answer.get("errcode", 0)
    if code == FREQUENCY:
        raise RateLimited(RETRY_AFTER_FREQUENCY, f"企业微信 45009：{answer.get('errmsg', '')}")
    if code == BUSY:
        raise Transient("企业微信系统繁忙（-1）")
    if code:
        raise Refused(f"企业微信拒绝（{code}）：{answer.get('errmsg', '')}")
    return answer


def _card_rows(buttons: tuple[Button, ...]) -> list[list[Button]]:
    """The buttons a card each: a row (Button.row) per card, cut at the card's limit."""
    rows = [list(row) for _, row in groupby(buttons, key=lambda button: button.row)]
    return [row[n:n + CARD_BUTTONS] for row in rows for n in range(0, len(row), CARD_BUTTONS)]


def _card(message: Message, text: str, buttons: list[Button]) -> dict:
    card = {"card_type": "button_interaction", "main_title": {"title": message.title},
            "task_id": uuid.uuid4().hex,
            "button_list": [{"text": button.label, "key": button.key} for button in buttons]}
    if text:
        card["sub_title_text"] = text
    return card
