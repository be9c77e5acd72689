"""The Telegram handlers: parse the update, call one service, reply. All registration is in `register`."""
import asyncio
import contextlib
import logging

from sqlalchemy.exc import OperationalError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (Application, CallbackContext, CallbackQueryHandler, CommandHandler, ExtBot, MessageHandler,
                          filters)

from bot import messages as m
from bot.channels.telegram.runtime import Runtime
from bot.channels.telegram.sending import text_parts
from bot.runtime import Duban
from bot.services import (annual_report, annual_templates, answering, checking, item_card, joining, office, overview,
                          reading)
from bot.services.answering import Attachment, Incoming
from bot.services.chat import Answer
from store.evidence import MAX_BYTES
from bot.console import chat_link

MAX_TEXT = 2000   # longer replies are cut: nobody types more, and it bounds what is stored
DB_PATIENCE_SECONDS = 90     # a PostgreSQL restart takes seconds; a reply waits this long rather than being dropped
log = logging.getLogger(__name__)


class DubanContext(CallbackContext[ExtBot, dict, dict, Runtime]):
    """The callback context with the running Duban at hand."""

    @property
    def duban(self) -> Duban:
        return self.bot_data.duban

    def kick_sender(self) -> None:
        self.bot_data.kick.set()


async def _serve(service, duban: Duban, *args, quick: bool = False):
    """Run a chat service, in a worker thread unless it is `quick` (one message's work: Duban.one_message); while
    the database is unreachable, wait and try again.

    Telegram will not deliver an update twice once it is fetched, so giving up at
    once would lose the reply. Each try is one unit of work: nothing half-stored."""
    delay, waited = 1.0, 0.0
    while True:
        try:
            if quick:
                return await duban.one_message(service, duban, *args)
            return await asyncio.to_thread(service, duban, *args)
        except OperationalError as error:
            if waited >= DB_PATIENCE_SECONDS:
                raise
            log.warning("database unavailable (%s); trying again in %.0f s", error.__class__.__name__, delay)
            await asyncio.sleep(delay)
            waited, delay = waited + delay, min(delay * 2, 10.0)


def _markup(answer: Answer) -> InlineKeyboardMarkup | None:
    if not answer.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in row] for row in answer.buttons])


async def _reply(update: Update, context: DubanContext, answer: Answer) -> None:
    """The answer in as many messages as Telegram needs, as the outbox sends them: one item's history grows."""
    *first, last = text_parts(answer.text)
    for part in first:
        await update.effective_chat.send_message(part)
    await update.effective_chat.send_message(last, reply_markup=_markup(answer))
    if answer.file and answer.photo:
        await update.effective_chat.send_photo(answer.file[1], filename=answer.file[0])
    else:
        for name, data in ([answer.file] if answer.file else []) + list(answer.more_files):
            await update.effective_chat.send_document(data, filename=name)
    if answer.check_reply:      # the application awaits it when it stops
        context.application.create_task(_check_evidence(context, answer.check_reply))
    context.kick_sender()


async def _check_evidence(context: DubanContext, reply_id: int) -> None:
    """Check a submission's links and file in the background; the liaison hears at once of what is wrong."""
    try:
        if await checking.check_reply(context.duban, reply_id):
            context.kick_sender()
    except Exception:      # the database went away meanwhile: the evidence stays unchecked, the reply is kept
        log.exception("checking a reply's evidence failed")


def _buttons_under(message) -> tuple[str, ...]:
    """The callback data of the buttons under a message (the reminder a liaison replies to)."""
    markup = message.reply_markup if message else None
    rows = markup.inline_keyboard if markup else ()
    return tuple(b.callback_data for row in rows for b in row if isinstance(b.callback_data, str))


def _clean(text: str) -> str:
    """PostgreSQL refuses a NUL in text, and the reply would be lost on every retry; nobody types one."""
    return text.replace("\0", "")


def _args(context: DubanContext) -> list[str]:
    return [_clean(arg) for arg in context.args or ()]


def _incoming(update: Update, text: str = "", attachment: Attachment | None = None) -> Incoming:
    replied = update.message.reply_to_message if update.message else None
    return Incoming(update.effective_user.id, update.effective_chat.id, _clean(text[:MAX_TEXT]), attachment,
                    _buttons_under(replied))


async def start(update: Update, context: DubanContext) -> None:
    """Join with an invite code: /start CODE."""
    user = update.effective_user
    code = (_args(context) or [""])[0][:64]
    answer = await _serve(joining.start, context.duban, user.id, _clean(user.full_name), update.effective_chat.id,
                          code, quick=True)
    await _reply(update, context, answer)


async def help_(update: Update, context: DubanContext) -> None:
    """What the bot does and how to answer it."""
    await _reply(update, context, Answer(m.HELP))


async def my(update: Update, context: DubanContext) -> None:
    """The unit's items: due soon, overdue, waiting for verification."""
    answer = await _serve(reading.my_items, context.duban, update.effective_user.id, (context.args or [""])[0],
                          quick=True)
    await _reply(update, context, answer)


async def item(update: Update, context: DubanContext) -> None:
    """One item with its full text and history: /item 序号 [period] [unit]."""
    answer = await _serve(item_card.item_card, context.duban, update.effective_user.id, _args(context), quick=True)
    await _reply(update, context, answer)


async def review(update: Update, context: DubanContext) -> None:
    """The office's verification queue."""
    for answer in await _serve(reading.review, context.duban, update.effective_user.id):
        await _reply(update, context, answer)


async def console(update: Update, context: DubanContext) -> None:
    """An admin asks for a one-time sign-in link to the web console."""
    await _reply(update, context, await _serve(chat_link.console_link, context.duban, update.effective_user.id))


async def invite(update: Update, context: DubanContext) -> None:
    """An admin invites someone: /invite UNIT ROLE."""
    answer = await _serve(joining.invite, context.duban, update.effective_user.id,
                                     update.effective_chat.id, _args(context))
    await _reply(update, context, answer)


async def handover(update: Update, context: DubanContext) -> None:
    """岗位变动: an invite for the successor."""
    answer = await _serve(joining.handover, context.duban, update.effective_user.id, update.effective_chat.id)
    await _reply(update, context, answer)


async def unit(update: Update, context: DubanContext) -> None:
    """The office looks at one unit: /unit 名称."""
    answer = await _serve(overview.unit_status, context.duban, update.effective_user.id, " ".join(context.args or []))
    await _reply(update, context, answer)


async def ledger(update: Update, context: DubanContext) -> None:
    """The office asks for the 台账 as a file: /ledger [单位]."""
    answer = await _serve(overview.ledger_file, context.duban, update.effective_user.id, " ".join(context.args or []))
    await _reply(update, context, answer)


async def report(update: Update, context: DubanContext) -> None:
    """An admin asks for a report now: /report KIND PERIOD."""
    answer = await _serve(office.report, context.duban, update.effective_user.id, _args(context))
    await _reply(update, context, answer)


async def mute(update: Update, context: DubanContext) -> None:
    """An admin skips one scheduled report: /mute KIND PERIOD."""
    answer = await _serve(office.mute, context.duban, update.effective_user.id, update.effective_chat.id,
                                     _args(context), True)
    await _reply(update, context, answer)


async def unmute(update: Update, context: DubanContext) -> None:
    """An admin restores a muted report: /unmute KIND PERIOD."""
    answer = await _serve(office.mute, context.duban, update.effective_user.id, update.effective_chat.id,
                                     _args(context), False)
    await _reply(update, context, answer)


async def circulate(update: Update, context: DubanContext) -> None:
    """An admin approves and sends the quarterly circulation: /circulate 2022Q3."""
    answer = await _serve(office.circulate, context.duban, update.effective_user.id,
                                     update.effective_chat.id, _args(context))
    await _reply(update, context, answer)


async def press(update: Update, context: DubanContext) -> None:
    """A button under a reminder or in the review queue."""
    query = update.callback_query
    answer = await _serve(answering.press, context.duban, _incoming(update, query.data or ""), quick=True)
    await query.answer()
    await _reply(update, context, answer)


async def text(update: Update, context: DubanContext) -> None:
    """Free text: an answer the bot asked for, or `12号已完成 http://…`."""
    answer = await _serve(answering.message, context.duban, _incoming(update, update.message.text), quick=True)
    await _reply(update, context, answer)


async def file(update: Update, context: DubanContext) -> None:
    """A document or photo sent as evidence: downloaded (up to the cap) and kept, then answered as a reply; a
    workbook may be the unit's annual report, checked at once."""
    message = update.message
    attached = message.document or message.photo[-1]
    name = _clean(getattr(attached, "file_name", None) or m.PHOTO_NAME)
    if (attached.file_size or 0) > MAX_BYTES:    # Telegram would not hand it over: say so before asking
        await _reply(update, context, answering.too_large(name, attached.file_size))
        return
    data = bytes(await (await attached.get_file()).download_as_bytearray())
    answer = None
    if message.document and name.lower().endswith(".xlsx"):
        answer = await _serve(annual_report.receive, context.duban, update.effective_user.id,
                              update.effective_chat.id, name, attached.file_id, data, quick=True)
    if answer is None:      # not an annual-report template: evidence like any file
        mime = getattr(attached, "mime_type", None) or ("image/jpeg" if message.photo else "")
        answer = await _serve(answering.message, context.duban, _incoming(
            update, message.caption or "", Attachment(attached.file_id, name, mime, data)), quick=True)
    await _reply(update, context, answer)


async def annual(update: Update, context: DubanContext) -> None:
    """The unit's annual-report template: /annual."""
    answer = await _serve(annual_templates.template_answer, context.duban, update.effective_user.id, quick=True)
    await _reply(update, context, answer)


async def command_ends_wait(update: Update, context: DubanContext) -> None:
    """Before any command: whatever the bot was waiting for (a date, a reason) is no longer awaited."""
    await _serve(answering.end_wait, context.duban, update.effective_user.id, quick=True)


async def group(update: Update, context: DubanContext) -> None:
    """The bot was added to a group: it works in private chats only."""
    if update.effective_message and update.effective_message.text and update.effective_message.text.startswith("/"):
        await update.effective_chat.send_message(m.PRIVATE_ONLY)


async def failed(update: object, context: DubanContext) -> None:
    """A handler failed (the database stayed away, a bug): logged, and the person told to send again, never silence."""
    log.error("handling an update failed", exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type == "private":
        with contextlib.suppress(Exception):
            await chat.send_message(m.PLEASE_RESEND)


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private & filters.COMMAND, command_ends_wait), group=-1)
    for name, callback in (("start", start), ("help", help_), ("my", my), ("item", item), ("review", review),
                           ("invite", invite), ("handover", handover), ("report", report), ("mute", mute),
                           ("unmute", unmute), ("circulate", circulate), ("annual", annual), ("unit", unit),
                           ("ledger", ledger), ("console", console)):
        application.add_handler(CommandHandler(name, callback, filters=private))
    application.add_handler(CallbackQueryHandler(press))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, text))
    application.add_handler(MessageHandler(private & (filters.Document.ALL | filters.PHOTO), file))
    application.add_handler(MessageHandler(~private, group))
    application.add_error_handler(failed)


