"""A reminder and a week's note as people read them: the items under where each stands, the 月反馈 section, why
the person hears of it, and the buttons to answer."""
from datetime import date

from bot import messages as m
from bot.render.items import MAX_REMINDED, answer_buttons, buttons_json, item_lines, label
from store.outbox import Rendered
from store.people import Contact
from store.views import ItemView
from workflows.glossary import MONTHLY_FEEDBACK
from workflows.ladder import AGAIN
from workflows.reminders import Remind, strongest
from workflows.roles import LIAISONS


def week_note(person: Contact, views: list[ItemView], today: date) -> Rendered:
    """The unit's items due this week, to whom reminders go, when no reminder goes to them today."""
    why = m.WHY_WEEK_AHEAD.format(unit=views[0].unit, role=m.ROLE_NAMES[person.role])
    text = "\n".join([m.WEEK_AHEAD_HEAD.format(unit=views[0].unit), *item_lines(views, today, MAX_REMINDED),
                      m.REMINDER_FOOT, why])
    return Rendered(text, buttons_json(answer_buttons(views)))


def reminder(person: Contact, entries: dict[int, Remind], chased: list[ItemView], ongoing: list[str],
             week: list[ItemView] | None, today: date, since: date) -> Rendered:
    """The reminder; with the rest of the week's items when it carries the week's note (`week`: those not reminded
    of, None if it does not), and the 月反馈 section, listing everything else open, when a feedback is due."""
    views = [v for v in chased if v.id in entries]
    top = strongest(entries.values())
    unit = views[0].unit
    lines = _sections(views, today, top.step, unit)
    why = m.WHY_REMINDER[top.step].format(unit=unit, role=m.ROLE_NAMES[person.role], days=top.overdue_leader)
    if any(r.on < today for r in entries.values()):
        why += "\n" + m.WHY_CATCH_UP.format(since=since.isoformat())
    if week is not None:
        why += "\n" + m.WHY_WEEK_IN_REMINDER
    if week:
        lines += [m.WEEK_AHEAD_SECTION, *item_lines(week, today, MAX_REMINDED)]
    # the buttons: what today's steps are about before what is only chased again (or a late joiner hears of)
    again = [v for v in views if entries[v.id].step == AGAIN]
    listed = [v for v in views if entries[v.id].step != AGAIN] + (week or []) + again
    feedback = next((v for v in views if v.kind == MONTHLY_FEEDBACK), None)
    if person.role in LIAISONS and feedback:
        shown = {v.id for v in listed}
        late = [v for v in chased if v.id not in shown and v.due < today]
        lines += _feedback_section(feedback, ongoing, late)
        listed += late
    if person.role in LIAISONS:
        return Rendered("\n".join([*lines, m.REMINDER_FOOT, why]), buttons_json(answer_buttons(listed)))
    return Rendered("\n".join([*lines, why]))


FEEDBACK_SEQS = 8      # the 序号 named in a line of the 月反馈 section; the rest are counted, and /my lists them


def _seqs(names: list[str]) -> str:
    return "、".join(names[:FEEDBACK_SEQS]) + (m.AND_MORE if len(names) > FEEDBACK_SEQS else "")


def _feedback_section(feedback: ItemView, ongoing: list[str], late: list[ItemView]) -> list[str]:
    """The 月反馈 in a few lines: what is asked, the ongoing rows and the overdue items needing a word, by 序号."""
    lines = [m.FEEDBACK_ASK.format(label=label(feedback))]
    if ongoing:
        lines.append(m.FEEDBACK_ONGOING.format(seqs=_seqs(ongoing), count=len(ongoing)))
    if late:
        example = next((v.seq for v in late if v.seq), "12")
        lines.append(m.FEEDBACK_LATE.format(names=_seqs(list(dict.fromkeys(label(v) for v in late))),
                                            count=len(late), first=example))
    return lines + [m.FEEDBACK_REST]


def _sections(views: list[ItemView], today: date, strongest: str, unit: str) -> list[str]:
    """The items under the header of where each stands today: overdue first, then due today, then due soon."""
    groups = (("overdue", [v for v in views if v.due < today]), ("due", [v for v in views if v.due == today]),
              ("before", [v for v in views if v.due > today]))
    lines: list[str] = []
    for kind, members in groups:
        if members:
            shown = "escalated" if kind == "overdue" and strongest == "escalated" else kind
            head = m.REMINDER_HEAD[shown] if not lines else m.SECTION_HEAD[kind]
            lines += [head.format(unit=unit), *item_lines(members, today, MAX_REMINDED)]
    return lines
