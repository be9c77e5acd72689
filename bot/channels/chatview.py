"""A DingTalk or WeCom emulator as the rehearsal's web chat sees Telegram's, so one page drives every channel.

The web chat (bot.webchat) reads a person's chat as Bot API messages and acts
through `user_sends` / `user_presses` / `keep_file`. Here those acts become the
person's acts on the platform's emulator (its driver: a robot message over the
Stream, a signed callback), and what the person received (cards, markdown,
files) is shown as messages with buttons; what they said is kept beside it, in
order. The web chat's persona ids are numbers; on the platform they are strings.
"""
import asyncio
import collections
from itertools import groupby

from bot.channels.emulation import PlatformEmulator, Seen

PHOTO_NAME = "图片.jpg"


class ChannelChat:
    def __init__(self, emulator: PlatformEmulator):
        self.emulator = emulator
        self.said: dict[str, list[Seen]] = collections.defaultdict(list)
        self.kept: dict[str, bytes] = {}
        self._acting: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()

    @property
    def app(self):
        return self.emulator.app

    @property
    def port(self) -> int:
        return self.emulator.port

    @property
    def files(self) -> dict[str, bytes]:
        return {**self.kept, **{media: content for media, (name, content) in self.emulator.media.items()}}

    async def start(self, port: int = 0) -> "ChannelChat":
        await self.emulator.start(port)
        return self

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.emulator.stop()

    def name_user(self, user_id: int, name: str) -> None:
        self.emulator.names[str(user_id)] = name

    def keep_file(self, prefix: str, data: bytes) -> str:
        file_id = f"{prefix}{len(self.kept) + 1}"
        self.kept[file_id] = data
        return file_id

    def user_sends(self, user_id: int, text: str = "", reply_to: dict | None = None, document: dict | None = None,
                   photo: list | None = None, caption: str = "") -> None:
        """What the person wrote or attached; a caption follows its file as a text (these platforms have none)."""
        person = str(user_id)
        if document or photo:
            file_id = (document or photo[-1])["file_id"]
            name = document["file_name"] if document else PHOTO_NAME
            self._said(person, Seen("file", caption, file=name, media=file_id))
            self._act(person, self.emulator.user_sends_file, name, self.kept[file_id])
            text = caption
        elif text:
            self._said(person, Seen("text", text))
        if text:
            self._act(person, self.emulator.user_sends, text)

    def user_presses(self, user_id: int, message: dict, data: str) -> None:
        self._act(str(user_id), self.emulator.user_presses, data)

    def transcript(self, user_id: int) -> list[dict]:
        """Both sides of the chat, in order, as Bot API messages."""
        person = str(user_id)
        said = {seen.number for seen in self.said[person]}
        entries = sorted(self.said[person] + self.emulator.transcript(person), key=lambda seen: seen.number)
        return [_message(seen, user_id, mine=seen.number in said) for seen in entries]

    def _said(self, person: str, seen: Seen) -> None:
        self.said[person].append(self.emulator.stamped(seen))

    def _act(self, person: str, act, *args) -> None:
        """In the background, one act of a person at a time: the page does not wait for Duban's answer."""
        async def in_turn():
            async with self._acting.setdefault(person, asyncio.Lock()):
                await act(person, *args)
        task = asyncio.get_running_loop().create_task(in_turn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _message(seen: Seen, user_id: int, mine: bool) -> dict:
    message = {"message_id": seen.number, "date": int(seen.at), "chat": {"id": user_id, "type": "private"},
               "from": {"id": user_id if mine else 0, "is_bot": not mine}}
    text = f"{seen.title}\n{seen.text}" if seen.kind == "notice" else seen.text or seen.title
    if seen.file:
        message["document"] = {"file_id": seen.media, "file_name": seen.file}
        message["caption"] = text
    else:
        message["text"] = text
    if seen.buttons:
        rows = seen.rows or (0,) * len(seen.buttons)
        keyboard = [[{"text": label, "callback_data": key} for label, key, _ in row]
                    for _, row in groupby(zip(seen.buttons, seen.keys, rows), key=lambda button: button[2])]
        message["reply_markup"] = {"inline_keyboard": keyboard}
    return message
