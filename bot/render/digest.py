"""The cadence's texts in chat: the weekly digest, and unit names listed within one chat line."""
from collections import Counter

from bot import messages as m
from workflows.cadence import ItemFact
from workflows.digest import WeeklyDigest

LISTED = 12     # lines per section of a chat summary; the file has everything
NAMED = 30      # unit names in one line of a summary: a province's 1,500 would pass Telegram's 4,096 characters


def unit_names(units: list[str]) -> str:
    if not units:
        return m.NONE
    shown = "、".join(units[:NAMED])
    return shown if len(units) <= NAMED else m.AND_MORE_UNITS.format(names=shown, count=len(units))


def _fact_lines(facts: tuple[ItemFact, ...]) -> list[str]:
    lines = [m.DIGEST_ITEM.format(unit=f.unit, label=m.SEQ_LABEL.format(seq=f.seq) if f.seq else m.FEEDBACK_NAME,
                                  due=m.MONTH_DAY.format(month=f.due.month, day=f.due.day) if f.due else m.WHEN_UNDATED)
             for f in facts[:LISTED]]
    if len(facts) > LISTED:
        lines.append(m.DIGEST_MORE.format(count=len(facts) - LISTED))
    return lines


def _light_lines(digest: WeeklyDigest, joined: set[str]) -> list[str]:
    """Red units as a short table with their counts; units nobody joined apart: they cannot answer."""
    unjoined = sorted(u for u in digest.lights if u not in joined)
    overdue, silent = Counter(f.unit for f in digest.open_overdue), \
        Counter(f.unit for f in digest.open_overdue if f.state == "pending")
    red = sorted((u for u, light in digest.lights.items() if light == "red" and u in joined),
                 key=lambda u: (-overdue[u], u))
    lines = [m.DIGEST_RED.format(count=len(red))] if red else [m.DIGEST_NO_RED]
    lines += [m.DIGEST_RED_ROW.format(unit=u, overdue=overdue[u], silent=silent[u]) for u in red[:LISTED]]
    if len(red) > LISTED:
        lines.append(m.DIGEST_MORE_UNITS.format(count=len(red) - LISTED))
    yellow = sorted(u for u, light in digest.lights.items() if light == "yellow" and u in joined)
    lines.append(m.DIGEST_YELLOW.format(names=unit_names(yellow)))
    lines.append(m.DIGEST_GREEN.format(count=sum(light == "green" for u, light in digest.lights.items()
                                                 if u in joined)))
    if unjoined:
        lines.append(m.DIGEST_UNJOINED.format(count=len(unjoined), names=unit_names(unjoined)))
    return lines


def digest_text(title: str, digest: WeeklyDigest, joined: set[str]) -> str:
    lines = [title, *_light_lines(digest, joined)]
    for heading, facts in ((m.DIGEST_DUE, digest.due_this_week), (m.DIGEST_OVERDUE, digest.newly_overdue),
                           (m.DIGEST_BLOCKED, digest.blocked), (m.DIGEST_DONE, digest.newly_done),
                           (m.DIGEST_WAITING, digest.waiting)):
        listed = _fact_lines(facts) if heading != m.DIGEST_DONE else []
        lines.append(heading.format(count=len(facts)) + ("：" if listed else "。"))
        lines += listed
    weakest = [r for r in digest.rates if r.rate < 1][:LISTED]
    if weakest:
        lines.append(m.DIGEST_RATES)
        lines += [m.DIGEST_RATE.format(unit=r.unit, rate=r.rate, on_time=r.on_time, due=r.due,
                                       change=m.DIGEST_CHANGE.format(change=r.change) if r.change else "")
                  for r in weakest]
    return "\n".join(lines)
