"""Answering items: the buttons under a reminder, free-text replies, files as evidence (verdicts: bot.services.acting).

What a person's next message answers (evidence for 已完成, the reason for 有困难,
the date for 申请延期, the reason for 退回) is kept on the person row, so it
survives a restart and works with several workers.
"""
from dataclasses import dataclass, replace

from sqlmodel import Session

from bot import messages as m
from bot.render.items import choice_buttons, item_lines, label, named, when
from bot.runtime import Duban
from bot.services.acting import act, decide, hold, naming, refuse_hold, verdict
from bot.services.chat import Answer, actor_of, item_id_of, view_of, wants_link
from bot.services.checking import record_text_check
from bot.services.dates import understood_date
from store import awaiting, evidence as evidence_files, items as item_service, people
from store.audit import Actor
from store.awaiting import ASKED, CHOOSE, MOVE, Awaiting
from store.evidence_checks import last_submission
from store.items import Evidence
from store.tables import PersonRow
from store.uow import UnitOfWork
from store.views import ItemView, open_items
from workflows.item_state import TransitionError
from workflows.reply_text import BLOCKED, DONE, EXTENSION, PROGRESS, read_reply
from workflows.roles import LIAISONS

ASKS = {"done": "submit", "block": "block", "ext": "extend", "ret": "return", "nohold": "refuse_hold"}
LIAISON_PRESSES = ("done", "prog", "block", "ext", "mv")
OFFICE_PRESSES = ("acc", "ret", "extok", "extno", "hold", "nohold")
OFFICE_ASKS = ("return", "refuse_hold")      # what only an admin's next message answers


@dataclass(frozen=True)
class Attachment:
    """A file or photo as it arrived, already downloaded."""
    file_id: str
    name: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Incoming:
    """One message or button press, from whom and where."""
    user_id: int
    chat_id: int
    text: str = ""
    attachment: Attachment | None = None
    # the buttons of the bot message this one replies to: Telegram hands the replied message back whole, so
    # they are there even before the sender has recorded that message (or when its send timed out)
    replied_buttons: tuple[str, ...] = ()


def _refusal(person: PersonRow | None, item: ItemView | None, office_action: bool) -> str | None:
    if person is None:
        return m.NOT_BOUND
    if item is None:
        return m.NO_SUCH_ITEM
    if office_action:
        return None if person.role == "admin" else m.OFFICE_ONLY
    if person.role == "admin":
        return None
    if person.unit_id != item.unit_id:
        return m.NOT_YOURS
    return None if person.role in LIAISONS else m.READ_ONLY


def _ask(uow: UnitOfWork, person: PersonRow, what: str, item: ItemView) -> Answer:
    awaiting.await_(uow.session, person, Awaiting(what, item=item.id))
    if what == "submit":
        return Answer(m.ASK_LINK.format(item=named(item), metric=item.metric) if wants_link(item)
                      else m.ASK_EVIDENCE.format(item=named(item)))
    asked = {"block": m.ASK_BLOCK_REASON, "extend": m.ASK_EXTENSION, "return": m.ASK_RETURN_REASON,
             "refuse_hold": m.ASK_REFUSE_HOLD_REASON}[what]
    return Answer(asked.format(item=named(item), unit=item.unit, due=item.due or m.WHEN_UNDATED))


def _progress(duban: Duban, uow: UnitOfWork, person: PersonRow, item: ItemView, text: str = "") -> Answer:
    """推进中, with the expected completion date when the text gives one, repeated back."""
    expected = understood_date(text, duban.today()) if text else None
    act(uow, person, item, "progress", evidence=Evidence(text=text, expected_date=expected))
    noted = m.PROGRESS_NOTED.format(item=named(item))
    return Answer(noted + m.DATE_UNDERSTOOD.format(date=expected.isoformat()) if expected else noted)


def _pending(person: PersonRow, what: str) -> Awaiting | None:
    """What a pending choice (CHOOSE, MOVE) keeps, and it ends: a button press answers it or lets it lapse."""
    pending = awaiting.of(person)
    return pending if pending is not None and pending.what == what else None


def _press(duban: Duban, uow: UnitOfWork, person: PersonRow, verb: str, item: ItemView) -> Answer:
    chosen, moving = _pending(person, CHOOSE), _pending(person, MOVE)
    awaiting.await_(uow.session, person, None)      # a button is an answer of its own: whatever was awaited lapses
    if chosen and verb == "done" and item.id in chosen.items:
        return _submit(uow, person, item, chosen.kept)
    if verb == "mv":
        return _move(duban, uow, person, item, moving)
    if verb == "prog":
        return _progress(duban, uow, person, item)
    if verb in ASKS:
        return _ask(uow, person, ASKS[verb], item)
    if verb == "acc":
        return verdict(uow, person, item, "accept")
    if verb == "hold":
        return hold(uow, person, item)
    return decide(uow, person, item, approve=verb == "extok")


def _move(duban: Duban, uow: UnitOfWork, person: PersonRow, item: ItemView, moving: Awaiting | None) -> Answer:
    """The person picked another period of the 序号 than the nearest one taken: undo there, do it here."""
    if moving is None or item.id not in moving.items:
        return Answer(m.MOVE_LAPSED.format(item=named(item)))
    item_service.restore(uow, moving.moved_from, moving.before, person.id)
    if moving.status == DONE:
        return _submit(uow, person, item, moving.kept)
    return _progress(duban, uow, person, item, moving.kept.text)


def press(duban: Duban, incoming: Incoming) -> Answer:
    """A button: `verb:item_id`. Forged or stale data is refused, never acted on."""
    verb, _, raw_id = incoming.text.partition(":")
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{incoming.user_id}")) as uow:
        person = people.person_by_telegram(uow.session, incoming.user_id)
        item = view_of(uow.session, item_id_of(raw_id))
        if verb not in LIAISON_PRESSES + OFFICE_PRESSES:
            item = None
        refusal = _refusal(person, item, verb in OFFICE_PRESSES)
        if refusal:
            return Answer(refusal)
        uow.actor = actor_of(person, incoming.chat_id)
        try:
            answer = _press(duban, uow, person, verb, item)
        except TransitionError as refused:
            return _refused(uow, person, refused)
        uow.commit()
    return answer


def _refused(uow: UnitOfWork, person: PersonRow, refused: TransitionError) -> Answer:
    """Nothing of the refused message is kept, and nothing is awaited any more: the refusal says how to go on."""
    uow.session.rollback()
    awaiting.await_(uow.session, person, None)
    uow.commit()
    return Answer(str(refused))


def too_large(name: str, size: int) -> Answer:
    """A file over the cap: refused by name, nothing else of the message done."""
    return Answer(m.EVIDENCE_TOO_LARGE.format(name=name, size=size / 2**20, limit=evidence_files.MAX_BYTES // 2**20))


def _evidence(uow: UnitOfWork, incoming: Incoming) -> Evidence:
    """What the message gives as evidence; its file, if any, kept (evidence_files.TooLarge when over the cap)."""
    file, kept = incoming.attachment, None
    if file is not None:
        kept = evidence_files.keep(uow.session, file.data, file.name, file.mime, uow.now)
    return Evidence(text=incoming.text, urls=read_reply(incoming.text).urls, file_id=file.file_id if file else "",
                    file_hash=kept.hash if kept else "")


def _submit(uow: UnitOfWork, person: PersonRow, item: ItemView, evidence: Evidence) -> Answer:
    """The evidence stored; its words checked at once for personal data, its links and file in the background."""
    if wants_link(item) and not evidence.urls and not evidence.file_id:
        return _ask(uow, person, "submit", item)
    act(uow, person, item, "submit", evidence=evidence)
    awaiting.await_(uow.session, person, None)
    reply_id = last_submission(uow.session, item.id)
    warning = record_text_check(uow, reply_id, item, evidence.text)
    return Answer(m.SUBMITTED.format(item=named(item)) + warning,
                  check_reply=reply_id if evidence.urls or evidence.file_hash else None)


def _fulfil(duban: Duban, uow: UnitOfWork, person: PersonRow, what: str, item: ItemView, incoming: Incoming) -> Answer:
    """The message that answers what the bot asked for."""
    if what == "submit":
        return _submit(uow, person, item, _evidence(uow, incoming))
    if what == "block":
        act(uow, person, item, "block", reason=incoming.text)
        answer = Answer(m.BLOCKED_NOTED.format(item=named(item)))
    elif what == "extend":
        new_date = understood_date(incoming.text, duban.today())
        if new_date is None:
            return Answer(m.ASK_EXTENSION_DATE.format(item=named(item)))
        if item.due is not None and new_date <= item.due:     # still waiting for a date: say what was understood
            return Answer(m.EXTENSION_TOO_EARLY.format(item=named(item), due=item.due, date=new_date, seq=item.seq))
        with naming(item):
            item_service.ask_extension(uow, item.id, new_date, duban.today(), person.id, incoming.text)
        answer = Answer(m.EXTENSION_ASKED.format(item=named(item), date=new_date.isoformat()))
    elif what == "refuse_hold":
        answer = refuse_hold(uow, person, item, incoming.text)
    else:
        answer = verdict(uow, person, item, "return", incoming.text)
    awaiting.await_(uow.session, person, None)
    return answer


def _by_seq(duban: Duban, uow: UnitOfWork, person: PersonRow, incoming: Incoming,
            awaited: ItemView | None = None) -> Answer:
    """`12号已完成 http://…`: the item named by its 序号 (the one `awaited` when it is among them), or the reminder
    replied to; a 序号 with several open periods takes the nearest; other choices are asked."""
    reply = read_reply(incoming.text)
    status = reply.status or (DONE if incoming.attachment else None)     # a file alone is evidence
    if status is None or person.unit_id is None:
        return Answer(m.ASK_WHAT)
    # a reply to a reminder names no 序号: the reminder's buttons name its items
    listed = sorted({item_id_of(data.partition(":")[2]) for data in incoming.replied_buttons} - {None})
    candidates = open_items(uow.session, person.unit_id, reply.seq, listed)
    if not candidates:
        return Answer(m.NO_SUCH_SEQ.format(seq=reply.seq) if reply.seq is not None else m.NOTHING_OPEN)
    if awaited is not None and awaited in candidates:
        candidates = [awaited]
    if len(candidates) > 1 and reply.seq is not None and len({(c.plan_id, c.row) for c in candidates}) == 1:
        return _nearest(duban, uow, person, status, candidates, incoming)
    if len(candidates) > 1:
        return _which(duban, uow, person, status, candidates, incoming)
    return _answer(duban, uow, person, status, candidates[0], incoming)


def _answer(duban: Duban, uow: UnitOfWork, person: PersonRow, status: str, item: ItemView,
            incoming: Incoming) -> Answer:
    if status == DONE:
        return _fulfil(duban, uow, person, "submit", item, incoming)
    if status == PROGRESS:
        return _progress(duban, uow, person, item, incoming.text)
    return _ask(uow, person, {BLOCKED: "block", EXTENSION: "extend"}[status], item)


def _nearest(duban: Duban, uow: UnitOfWork, person: PersonRow, status: str, periods: list[ItemView],
             incoming: Incoming) -> Answer:
    """One row's several open periods: the one due nearest today is answered, and said so, with a button for
    each other period to move the answer there."""
    today = duban.today()
    nearest = min(periods, key=lambda p: abs((p.due - today).days) if p.due else 10**6)
    others = [p for p in periods if p.id != nearest.id]
    before = item_service.state_of(uow, nearest.id)
    answer = _answer(duban, uow, person, status, nearest, incoming)
    taken = m.NEAREST_TAKEN.format(seq=nearest.seq, count=len(periods), when=when(nearest.due, today))
    if status in (DONE, PROGRESS) and awaiting.of(person) is None:     # answered, not asked for more: it can be moved
        awaiting.await_(uow.session, person, Awaiting(MOVE, items=tuple(p.id for p in others),
                                                      kept=_evidence(uow, incoming), status=status,
                                                      moved_from=nearest.id, before=before))
        verb = "mv"
    else:
        verb = {DONE: "done", PROGRESS: "prog", BLOCKED: "block", EXTENSION: "ext"}[status]
    buttons = [[(m.BUTTON_MOVE.format(label=label(p), when=when(p.due, today)), f"{verb}:{p.id}")] for p in others]
    return replace(answer, text=f"{answer.text}\n{taken}", buttons=answer.buttons + buttons)


def _which(duban: Duban, uow: UnitOfWork, person: PersonRow, status: str, candidates: list[ItemView],
           incoming: Incoming) -> Answer:
    """Several items fit: a button each. Evidence that came with the message is kept for the one chosen."""
    if status == DONE:
        awaiting.await_(uow.session, person, Awaiting(CHOOSE, items=tuple(c.id for c in candidates),
                                                      kept=_evidence(uow, incoming)))
    verb = {DONE: "done", PROGRESS: "prog", BLOCKED: "block", EXTENSION: "ext"}[status]
    return Answer("\n".join([m.ASK_WHICH, *item_lines(candidates, duban.today())]),
                  choice_buttons(candidates, verb, duban.today()))


def _plainly_a_reply(text: str) -> bool:
    """A 序号 with a status (`53号已完成 http://…`): a message of its own, whatever the bot was waiting for."""
    reply = read_reply(text)
    return reply.seq is not None and reply.status is not None


def end_wait(duban: Duban, user_id: int) -> None:
    """A command is a message of its own: whatever the bot was waiting for from this person lapses."""
    with Session(duban.engine) as session:
        awaiting.end_wait(session, user_id)
        session.commit()


def message(duban: Duban, incoming: Incoming) -> Answer:
    """Free text, or a file, from a person."""
    with UnitOfWork(duban.engine, duban.clock, Actor(f"tg:{incoming.user_id}")) as uow:
        person = people.person_by_telegram(uow.session, incoming.user_id)
        if person is None:
            return Answer(m.NOT_BOUND)
        uow.actor = actor_of(person, incoming.chat_id)
        pending = awaiting.of(person)
        item = view_of(uow.session, pending.item) if pending and pending.what in ASKED else None
        if item is None or (person.role in LIAISONS and _plainly_a_reply(incoming.text)):
            # a choice left for a new message, or a wait it is not for, lapses
            awaiting.await_(uow.session, person, None)
            pending = None
        try:
            if pending and not _refusal(person, item, pending.what in OFFICE_ASKS):
                answer = _fulfil(duban, uow, person, pending.what, item, incoming)
            elif person.role in LIAISONS:
                answer = _by_seq(duban, uow, person, incoming, item)
            else:
                answer = Answer(m.OFFICE_HELP if person.role == "admin" else m.ASK_WHAT)
        except TransitionError as refused:
            return _refused(uow, person, refused)
        except evidence_files.TooLarge:
            return too_large(incoming.attachment.name, len(incoming.attachment.data))
        uow.commit()
    return answer
