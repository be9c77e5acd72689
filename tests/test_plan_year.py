"""A whole plan year of the Yongning sample, the clock moved day by day, with scripted liaisons.

杨和镇 answers every item two days early; 李俊镇 three days late; 望远镇 never
answers; 县司法局 reports a difficulty on its first Q3 item and the office puts
it on hold; 望洪镇 asks for an extension of its first Q3 item and the office
approves. Every other unit is silent. The office approves each quarterly
circulation on the day its draft arrives (and the new draft, when a unit's
answer that day changed the figures). Each expected value below is derived
from this script and the rules of the product brief, not from Duban's output.
"""
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from docx import Document
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.rounds.scheduling import scheduling_round
from bot.runtime import Duban
from bot.bootstrap import SetClock
from bot.config import Settings
from bot.rounds.drafts import as_sent
from bot.services.office import send_circulation
from bot.services.importing import import_plan_file
from store import circulations, items, people
from store.audit import Actor
from store.facts import item_facts
from store.tables import DueItemRow, OutboxRow, PlanRow, TaskRow, UnitRow
from store.uow import UnitOfWork
from tests.conftest import EXAMPLES
from workflows.cadence import FEEDBACK, year_end_scores
from workflows.standing import as_of, standings
from workflows.report_schedule import reports_on

SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = date(2022, 5, 26), date(2023, 1, 4)      # from the plan's issue to the year-end scores
PROMPT, LATE, SILENT, BLOCKED, EXTENDED = "杨和镇", "李俊镇", "望远镇", "永宁县司法局", "望洪镇"
SCRIPTED = (PROMPT, LATE, SILENT, BLOCKED, EXTENDED)
EARLY = (PROMPT, BLOCKED, EXTENDED)          # they answer before the due date
OFFICE = Actor("cli:office", "admin")
QUARTERS = {"2022Q2": (date(2022, 4, 1), date(2022, 6, 30)), "2022Q3": (date(2022, 7, 1), date(2022, 9, 30)),
            "2022Q4": (date(2022, 10, 1), date(2022, 12, 31))}


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


@dataclass
class Item:
    id: int
    unit: str
    seq: str
    kind: str
    due: date


def _people(engine, clock) -> dict[tuple[str, str], int]:
    """A liaison A, a liaison B and a leader for each scripted unit, and one admin: their Telegram ids."""
    ids, next_id = {}, iter(range(5000, 6000))
    with UnitOfWork(engine, clock, OFFICE) as uow:
        for unit, role in [(None, "admin")] + [(u, r) for u in SCRIPTED for r in ("liaison-a", "liaison-b", "leader")]:
            code = people.create_invite(uow, role, people.find_unit(uow.session, unit) if unit else None).code
            ids[(unit, role)] = next(next_id)
            people.redeem(uow, code, ids[(unit, role)], f"{unit}{role}")
        uow.commit()
    return ids


def _items(engine) -> list[Item]:
    with Session(engine) as session:
        rows = session.execute(select(DueItemRow.id, UnitRow.name, TaskRow.seq, DueItemRow.kind, DueItemRow.due)
                               .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                               .outerjoin(TaskRow,
                                          (TaskRow.plan_id == DueItemRow.plan_id) & (TaskRow.row == DueItemRow.row))
                               .where(DueItemRow.due.is_not(None), DueItemRow.due <= date(2022, 12, 31))).all()
    return [Item(i, unit, seq or "", kind, due) for i, unit, seq, kind, due in rows]


def _first_q3(found: list[Item], unit: str) -> Item:
    return min((i for i in found if i.unit == unit and i.kind != FEEDBACK and i.due >= date(2022, 7, 15)),
               key=lambda i: (i.due, i.id))


def _script(found: list[Item], blocked: Item, extended: Item) -> dict[date, list]:
    """day → what the units and the office do that day at 11:00, after the morning's tick."""
    plan = defaultdict(list)

    def done(item, day):
        plan[max(day, START)].append(lambda uow, i=item: (items.act(uow, i.id, "submit", by_office=False),
                                                           items.act(uow, i.id, "accept", by_office=True)))
    for item in found:
        if item.unit in EARLY and item not in (blocked, extended):
            done(item, item.due - timedelta(days=2))
        elif item.unit == LATE:
            done(item, item.due + timedelta(days=3))
    plan[blocked.due - timedelta(days=5)].append(lambda uow: (
        items.act(uow, blocked.id, "block", by_office=False, reason="专栏改版，等待网信部门开通权限"),
        items.act(uow, blocked.id, "hold", by_office=True)))
    ask_on = extended.due - timedelta(days=5)
    plan[ask_on].append(lambda uow: (
        items.ask_extension(uow, extended.id, extended.due + timedelta(days=10), ask_on, None, "等待上级数据"),
        items.decide(uow, extended.id, True, None)))
    done(extended, extended.due + timedelta(days=8))            # two days before the extended date
    return plan


def _run_year(engine, calendar):
    clock = SetClock(at(START, 8))
    import_plan_file(engine, clock, OFFICE, EXAMPLES / "yongning-2022" / "plan.txt",
                     EXAMPLES / "yongning-2022" / "roster.yaml", calendar)
    settings = Settings(database_url=str(engine.url), timezone=SHANGHAI, calendar_file=None)
    duban = Duban(engine, clock, settings, calendar)
    ids = _people(engine, clock)
    found = _items(engine)
    blocked, extended = _first_q3(found, BLOCKED), _first_q3(found, EXTENDED)
    script = _script(found, blocked, extended)
    day, received, seen = START, defaultdict(list), 0
    while day <= END:
        clock.move_to(at(day, 10))
        scheduling_round(duban)
        seen = _send(duban, seen, received)         # at once, as the sender does, before anyone answers
        clock.move_to(at(day, 11))
        with UnitOfWork(engine, clock, OFFICE) as uow:
            for step in script.get(day, []):
                step(uow)
            for report in reports_on(day, calendar):   # the office sends each quarterly draft the day it arrives
                if report.kind == "quarterly":
                    plan = uow.session.execute(select(PlanRow)).scalars().one()
                    if send_circulation(uow, plan, report.period, SHANGHAI, calendar, "office").draft:
                        send_circulation(uow, plan, report.period, SHANGHAI, calendar, "office")   # approved anew
            uow.commit()
        day += timedelta(days=1)
    _send(duban, seen, received)
    return ids, found, blocked, extended, received


@dataclass(frozen=True)
class Sent:
    text: str
    file_name: str
    file_data: bytes | None


def _send(duban: Duban, after: int, received: dict[int, list[tuple[date, Sent]]]) -> int:
    """File what the sender would send of the rows queued after outbox row `after` under its chat and the day it
    was queued; the last row's id."""
    with Session(duban.engine) as session:
        rows = session.execute(select(OutboxRow).where(OutboxRow.id > after).order_by(OutboxRow.id)).scalars().all()
    for row, message in as_sent(duban, rows):
        sent = Sent(message.text, *(message.file or ("", None)))
        received[row.chat_id].append((row.created_at.astimezone(SHANGHAI).date(), sent))
    return rows[-1].id if rows else after


@dataclass(frozen=True)
class Script:
    """What the script says about each item: is it counted, and was it done on time."""
    blocked: Item
    extended: Item

    def due(self, item: Item) -> date:
        return item.due + timedelta(days=10) if item == self.extended else item.due

    def on_time(self, item: Item) -> bool:
        if item == self.extended:
            return True                                   # done two days before the extended date
        return item.unit in EARLY and item.due >= START   # two days early, or on day one

    def answered(self, item: Item) -> bool:
        return item.unit in EARLY + (LATE,)

    def rates(self, found: list[Item], first: date, last: date) -> dict[str, tuple[int, int]]:
        """unit → (items due in the period, done on time); the held item is not counted."""
        rates = defaultdict(lambda: (0, 0))
        for item in found:
            if item != self.blocked and first <= self.due(item) <= last:
                due, on_time = rates[item.unit]
                rates[item.unit] = (due + 1, on_time + self.on_time(item))
        return dict(rates)

    def behind(self, item: Item, last: date, calendar) -> int:
        """Working days late as of the quarter's end: a late unit's answer 3 days after, or never."""
        if item == self.blocked or self.on_time(item):
            return 0
        until = min(self.due(item) + timedelta(days=3), last) if item.unit == LATE else last
        return sum(calendar.is_workday(self.due(item) + timedelta(days=n))
                   for n in range(1, (until - self.due(item)).days + 1))

    def named(self, found: list[Item], first: date, last: date, calendar) -> set[str]:
        """The default rule: an item more than 5 working days late, or 3 items a working day or more late."""
        late = defaultdict(list)
        for item in found:
            if first <= self.due(item) <= last and (days := self.behind(item, last, calendar)):
                late[item.unit].append(days)
        return {u for u, days in late.items() if len(days) >= 3 or max(days) > 5}

    def score(self, items_of_unit: list[Item], circulations_named: int) -> float:
        deducted = 5 * circulations_named
        for item in items_of_unit:
            if item == self.blocked:
                continue
            if item.kind == FEEDBACK:
                deducted += 0 if self.answered(item) else 2   # a late round is late, not missed
            elif not self.on_time(item):
                deducted += 2
        return max(100 - deducted, 0)


def _chased_again(due: date, calendar) -> list[date]:
    """Every 7 days after the leader heard (3 working days overdue), moved to the next working day: A and B again."""
    leader = calendar.add_workdays(due, 3).date
    return [calendar.add_workdays(leader + timedelta(days=7 * k - 1), 1).date for k in range(1, 60)]


async def test_a_plan_year_runs_the_whole_cadence(engine, calendar):
    ids, found, blocked, extended, received = _run_year(engine, calendar)
    script = Script(blocked, extended)

    # the silent unit: overdue → liaisons A and B the next working day; the leader 3 working days after
    silent = [i for i in found if i.unit == SILENT]
    leader_days = {d for d, row in received[ids[(SILENT, "leader")]] if row.text.startswith("【督办督促】")}
    assert leader_days == {d for i in silent if START <= (d := calendar.add_workdays(i.due, 3).date) <= END}
    b_days = {d for d, row in received[ids[(SILENT, "liaison-b")]] if row.text.startswith("【督办催办】")}
    again = {d for i in silent if i.kind != FEEDBACK for d in _chased_again(i.due, calendar) if START <= d <= END}
    assert b_days == again | {d for i in silent if START <= (d := calendar.add_workdays(i.due, 1).date) <= END}
    assert all("发送原因" in row.text for _, row in received[ids[(SILENT, "leader")]] if not row.file_name)

    # the prompt unit and the unit with an approved extension are never chased
    for unit in (PROMPT, EXTENDED):
        for role in ("liaison-a", "liaison-b", "leader"):
            assert not any(row.text.startswith(("【督办催办】", "【督办督促】"))
                           for _, row in received[ids[(unit, role)]])

    # the held item is never brought up again once the office put it on hold
    held_on = blocked.due - timedelta(days=5)
    when = f"{blocked.due.month}月{blocked.due.day}日"              # its row recurs: later periods are reminded
    mentions = [(d, line) for d, row in received[ids[(BLOCKED, "liaison-a")]] for line in row.text.splitlines()
                if line.startswith(f"序号{blocked.seq} ") and when in line]
    assert mentions and all(d <= held_on for d, _ in mentions)

    # the office: each report on the first working day after its period, and nothing else unasked
    admin = received[ids[(None, "admin")]]
    heads = {"weekly": "【督办周报】", "monthly": "月反馈汇总", "quarterly": "落实情况的通报",
             "half-year": "半年督查名单", "year-end": "年底考评得分"}
    expected = defaultdict(set)
    for offset in range((END - START).days + 1):
        for report in reports_on(START + timedelta(days=offset), calendar):
            expected[report.kind].add(START + timedelta(days=offset))
    got = {kind: {d for d, row in admin if head in row.text.splitlines()[0] and not row.file_name}
           for kind, head in heads.items()}
    for kind in ("monthly", "quarterly", "half-year"):
        assert got[kind] == expected[kind], kind
    q4_sent = max(expected["quarterly"])           # the year-end table waits for the last circulation
    assert got["year-end"] == {calendar.add_workdays(q4_sent, 1).date}
    # a week's digest comes when something happens; a week with a silent unit's item falling due always has one
    busy = {d for d in expected["weekly"] for i in found
            if i.unit not in EARLY and d <= i.due <= d + timedelta(days=6 - d.weekday())}
    assert busy and busy <= got["weekly"] <= expected["weekly"]

    # the quarterly circulations name the units the default rule names; equal on-time rates share a place
    with Session(engine) as session:
        plan_id = session.execute(select(PlanRow.id)).scalar_one()
        sent = circulations.sent(session, plan_id)
        facts = item_facts(session, plan_id, SHANGHAI)
    for period, (first, last) in QUARTERS.items():
        rates = script.rates(found, first, last)
        named = script.named(found, first, last, calendar)
        assert sorted(sent[period]) == sorted(named), period
        ranking = standings(facts, first, as_of(last, END), calendar)
        places = {u: 1 + sum(o * due > on_time * d for d, o in rates.values()) for u, (due, on_time) in rates.items()}
        assert {r.unit: (r.due, r.on_time, r.rank) for r in ranking} == {
            u: (due, on_time, places[u]) for u, (due, on_time) in rates.items()}, period
        draft = next(row for _, row in admin if row.file_name == f"季度通报草稿-{period}.docx")
        paragraphs = [p.text for p in Document(io.BytesIO(draft.file_data)).paragraphs]
        assert {p.split("：")[0] for p in paragraphs if "到期，逾期" in p} == named, period
    assert PROMPT not in sent["2022Q3"] and SILENT in sent["2022Q3"] and EXTENDED not in sent["2022Q3"]

    # 约谈: named in two circulations (the draft of 2022Q4 suggests it to the office, with the reason)
    twice = sorted(u for u in {i.unit for i in found} if sum(u in names for names in sent.values()) >= 2)
    q4_draft = next(row.text for _, row in admin
                    if row.text.startswith("关于") and "2022年第四季度" in row.text.splitlines()[0])
    lines = q4_draft.split("建议约谈：\n")[1].splitlines()
    suggested = {line[2:].split("：")[0] for line in lines if line.startswith("· ") and "被通报" in line}
    assert SILENT in twice and suggested == set(twice)

    # the year-end scores: base 100; 2 per late item, 2 per missed feedback round, 5 per circulation
    scores = {s.unit: s.score for s in year_end_scores(facts, date(2023, 1, 1), sent)}
    for unit in {i.unit for i in found}:
        named = sum(unit in names for names in sent.values())
        assert scores[unit] == script.score([i for i in found if i.unit == unit], named), unit
    year_end = next(row for _, row in admin if row.file_name == "年底考评-2022.xlsx")
    sheet = load_workbook(io.BytesIO(year_end.file_data)).active
    filed = {r[1]: r[2] for r in sheet.iter_rows(min_row=int(sheet.freeze_panes[1:]), values_only=True)}
    assert filed == scores
