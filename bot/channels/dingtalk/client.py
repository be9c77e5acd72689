"""DingTalk over aiohttp: one-to-one robot messages, interactive cards with buttons, files, 工作通知.

Robot messages (`/v1.0/robot/oToMessages/batchSend`, msgKey sampleMarkdown /
sampleText / sampleFile) and cards (`/v1.0/im/v1.0/robot/interactiveCards/send`,
the StandardCard template; a button's id is its key, so a press carries item,
action and period) go to api.dingtalk.com with the token in a header; media
upload and 工作通知 go to oapi.dingtalk.com with it in the query.

Errors become the channel's (bot.channels.base): HTTP 429, a QPS code or a
person in `flowControlledStaffIdList` → RateLimited (waited and retried by the
pacer); `invalidStaffIdList` → Unreachable; 5xx and network errors → Transient;
other refusals → Refused. A 401 fetches the token again, once.

工作通知 answers success past its limits and delivers nothing: the same content
reaches a person once a day, at most 500 a day. `notify` refuses what would be
dropped instead of sending it, and its SentRef is never confirmed (it is
asynchronous).
"""
import asyncio
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import aiohttp

from bot.channels.base import (Capabilities, Message, RateLimited, RatePerPerson, Refused, SentRef, SilentDrop,
                               Transient, Unreachable)
from bot.channels.pacing import WindowPacer, paced
from bot.channels.textparts import split_bytes
from bot.channels.tokens import TokenCache

API, OAPI = "https://api.dingtalk.com", "https://oapi.dingtalk.com"
APP_QPS = 20                  # the standard edition's; excess is queued by DingTalk, so this only keeps us fair
# our own cut: we found no documented cap for robot messages (unverified; check before relying on it)
TEXT_BYTES = 5000
PACE_SHARE = 0.95            # starts spaced for 19 a second: the network's jitter cannot bunch 21 into one
RETRY_AFTER = 1.0             # a QPS refusal names no wait; the limit counts per second
NOTICE_PER_DAY = 500
SHANGHAI = ZoneInfo("Asia/Shanghai")
CAPABILITIES = Capabilities(
    buttons=True, editing=True, files=True, markdown=True, max_text_bytes=TEXT_BYTES, per_app_per_second=APP_QPS,
    silent_drops=(SilentDrop("same-content-per-day", RatePerPerson(1, 86400.0)),
                  SilentDrop("per-person-rate", RatePerPerson(NOTICE_PER_DAY, 86400.0))))


@dataclass(frozen=True)
class DingTalkConfig:
    client_id: str
    client_secret: str
    robot_code: str
    agent_id: int | None = None   # only for 工作通知
    api: str = API
    oapi: str = OAPI


class DingTalkClient:
    capabilities = CAPABILITIES

    def __init__(self, config: DingTalkConfig, session: aiohttp.ClientSession, pacer: WindowPacer | None = None,
                 timeout: float = 10.0):
        self.config, self._session = config, session
        self.tokens = TokenCache(self._token_answer)
        self.pacer = pacer or WindowPacer(APP_QPS * PACE_SHARE)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._noticed: tuple[date, dict[str, set[str]]] = (date.min, {})

    async def send(self, person: str, message: Message) -> SentRef:
        if message.buttons:
            return await self._send_card(person, message)
        ref = None
        for part in split_bytes(message.text, TEXT_BYTES):
            if message.markdown:
                ref = await self._robot(person, "sampleMarkdown", {"title": message.title, "text": part})
            else:
                ref = await self._robot(person, "sampleText", {"content": part})
        return ref

    async def send_file(self, person: str, name: str, content: bytes) -> SentRef:
        media_id = await self.upload(name, content)
        kind = name.rsplit(".", 1)[-1].lower() if "." in name else "file"
        return await self._robot(person, "sampleFile", {"mediaId": media_id, "fileName": name, "fileType": kind})

    async def upload(self, name: str, content: bytes) -> str:
        """The file's media_id; a timeout here is Transient, since nobody has been sent anything yet."""
        form = aiohttp.FormData(quote_fields=False)   # the name as the person will see it, not %-escaped
        form.add_field("type", "file")
        form.add_field("media", content, filename=name, content_type="application/octet-stream")
        try:
            answer = await self._oapi("/media/upload", data=form)
        except asyncio.TimeoutError:
            raise Transient(f"上传 {name} 超时") from None
        return answer["media_id"]

    async def notify(self, person: str, message: Message) -> SentRef:
        """A 工作通知, for what must not be missed; never the same content to a person twice in a day."""
        content = hashlib.sha256(f"{message.title}\n{message.text}".encode()).hexdigest()
        seen = self._noticed_today().setdefault(person, set())
        if content in seen:
            raise Refused(f"今天已向 {person} 发过相同的工作通知；钉钉会静默丢弃重复内容")
        if len(seen) >= NOTICE_PER_DAY:
            raise Refused(f"今天向 {person} 的工作通知已满 {NOTICE_PER_DAY} 条；钉钉会静默丢弃超出部分")
        body = {"agent_id": self.config.agent_id, "userid_list": person,
                "msg": {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.text}}}
        answer = await paced(self.pacer, person, lambda: self._oapi("/topapi/message/corpconversation/asyncsend_v2",
                                                                    json=body))
        seen.add(content)
        return SentRef(str(answer.get("task_id", "")), confirmed=False)

    async def _send_card(self, person: str, message: Message) -> SentRef:
        body = {"cardTemplateId": "StandardCard", "outTrackId": uuid.uuid4().hex,
                "robotCode": self.config.robot_code, "singleChatReceiver": json.dumps({"userId": person}),
                "cardData": json.dumps(standard_card(message), ensure_ascii=False)}
        return await self._sent(person, "/v1.0/im/v1.0/robot/interactiveCards/send", body)

    async def _robot(self, person: str, key: str, param: dict) -> SentRef:
        body = {"robotCode": self.config.robot_code, "userIds": [person], "msgKey": key,
                "msgParam": json.dumps(param, ensure_ascii=False)}
        return await self._sent(person, "/v1.0/robot/oToMessages/batchSend", body)

    async def _sent(self, person: str, path: str, body: dict) -> SentRef:
        try:
            answer = await paced(self.pacer, person, lambda: self._api(person, path, body))
        except asyncio.TimeoutError:   # it may have arrived: not sent again, recorded as unconfirmed
            return SentRef("", confirmed=False)
        key = answer.get("processQueryKey") or answer.get("result", {}).get("processQueryKey", "")
        return SentRef(key, confirmed=True)

    async def _api(self, person: str, path: str, body: dict) -> dict:
        answer = await self._authorised(lambda token: self._request(
            "POST", self.config.api + path, json=body, headers={"x-acs-dingtalk-access-token": token}))
        if person in answer.get("invalidStaffIdList", []):
            raise Unreachable(f"{person} 不是本企业成员或不在机器人可见范围内（invalidStaffIdList）")
        if person in answer.get("flowControlledStaffIdList", []):
            raise RateLimited(RETRY_AFTER, f"钉钉对 {person} 限流（flowControlledStaffIdList）")
        return answer

    async def _oapi(self, path: str, **kwargs) -> dict:
        answer = await self._authorised(lambda token: self._request(
            "POST", self.config.oapi + path, params={"access_token": token}, **kwargs))
        if answer.get("errcode", 0):
            raise Refused(f"钉钉拒绝（{answer['errcode']}）：{answer.get('errmsg', '')}")
        return answer

    async def _authorised(self, call) -> dict:
        token = await self.tokens.get()
        try:
            return await call(token)
        except _Unauthorised:
            self.tokens.expire(token)
        try:
            return await call(await self.tokens.get())
        except _Unauthorised:
            raise Refused("钉钉不接受本应用的凭证（401），请核对 DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET") from None

    async def _request(self, method: str, url: str, **kwargs) -> dict:
        try:
            async with self._session.request(method, url, timeout=self._timeout, **kwargs) as response:
                answer = json.loads(await response.text() or "{}")
                _check(response.status, answer)
                return answer
        except aiohttp.ClientConnectionError as error:
            raise Transient(f"钉钉连接失败：{error}") from None

    async def _token_answer(self) -> tuple[str, float]:
        body = {"appKey": self.config.client_id, "appSecret": self.config.client_secret}
        answer = await self._request("POST", self.config.api + "/v1.0/oauth2/accessToken", json=body)
        return answer["accessToken"], float(answer["expireIn"])

    def _noticed_today(self) -> dict[str, set[str]]:
        today = datetime.now(SHANGHAI).date()     # DingTalk's day is China's
        if self._noticed[0] != today:
            self._noticed = (today, {})
        return self._noticed[1]


class _Unauthorised(Exception):
    pass


def _check(status: int, answer: dict) -> None:
    code = str(answer.get("code", ""))
    if status == 429 or "QpsLimit" in code or "Throttling" in code:
        raise RateLimited(RETRY_AFTER, f"钉钉限流：{code or status}")
    if status == 401 or code == "InvalidAuthentication":
        raise _Unauthorised()
    if status >= 500:
        raise Transient(f"钉钉 HTTP {status}：{answer.get('message', '')}")
    if status >= 400:
        raise Refused(f"钉钉拒绝（{code or status}）：{answer.get('message', '')}")


def standard_card(message: Message) -> dict:
    """The StandardCard template: a title, the text as markdown, a row of buttons that call back."""
    buttons = [{"type": "button", "label": {"type": "text", "text": button.label}, "actionType": "request",
                "status": "primary", "id": button.key} for button in message.buttons]
    return {"config": {"autoLayout": True, "enableForward": False},
            "header": {"title": {"type": "text", "text": message.title}},
            "contents": [{"type": "markdown", "text": message.text, "id": "text"},
                         {"type": "action", "actions": buttons, "id": "actions"}]}
