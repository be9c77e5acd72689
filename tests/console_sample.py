"""Yongning on Wednesday 23 November 2022, as the office finds it in its console.

- 永宁县司法局 (liaisons A and B and its leader joined) answered every item due so far; 46 was done two days late;
  two of its November items wait for verification: 序号4 with a photo of the published page, 序号10 with a link.
  Its 11月 feedback round is due on Friday: its light is yellow.
- 杨和镇 (liaison A joined) answered nothing but 52, done a fortnight late, and a difficulty with 40 the office
  put on hold: red, nine items overdue.
- 望远镇: nobody joined: grey.
"""
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from bot.bootstrap import SetClock
from bot.services.importing import import_plan_file
from store import evidence, people
from store import items as item_service
from store.items import Evidence
from store.tables import DueItemRow, PersonRow, TaskRow, UnitRow
from store.uow import UnitOfWork
from tests.bot_harness import OFFICE, local
from tests.conftest import EXAMPLES

NOW = local(2022, 11, 23, 10, 0)
TODAY = NOW.date()
JUDICIAL, YANGHE, WANGYUAN = "永宁县司法局", "杨和镇", "望远镇"
ADMIN_TELEGRAM = 9001
PUBLISHED = "http://www.nxyn.gov.cn/xxgk/zfxxgkml/sfj/202211/t20221122_1.html"


@dataclass(frozen=True)
class Sample:
    judicial: int            # 永宁县司法局's unit id
    awaiting_photo: int      # 司法局 序号4, submitted with a photo
    awaiting_link: int       # 司法局 序号10, submitted with a link
    held: int                # 杨和镇 序号40, on hold
    photo: bytes


def photo_png(width: int = 240, height: int = 160) -> bytes:
    """A small striped picture standing in for a screenshot of a published page."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes((200, 30, 30) if (y // 20) % 2 else (240, 240, 240)) * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def _items(session: Session, unit: str) -> list[tuple[int, str, str, date | None]]:
    """(id, 序号, kind, due) of the unit's items, by due date."""
    return session.execute(select(DueItemRow.id, TaskRow.seq, DueItemRow.kind, DueItemRow.due)
                           .join(UnitRow, UnitRow.id == DueItemRow.unit_id)
                           .outerjoin(TaskRow, (TaskRow.plan_id == DueItemRow.plan_id)
                                      & (TaskRow.row == DueItemRow.row))
                           .where(UnitRow.name == unit).order_by(DueItemRow.due, DueItemRow.id)).all()


def _join(engine, unit: str | None, role: str, telegram_id: int, name: str) -> int:
    clock = SetClock(local(2022, 6, 1, 9, 0))
    with UnitOfWork(engine, clock, OFFICE) as uow:
        found = people.find_unit(uow.session, unit) if unit else None
        code = people.create_invite(uow, role, found).code
        person, _ = people.redeem(uow, code, telegram_id, name)
        uow.commit()
        return person.id


def _do(engine, at: datetime, item_id: int, action: str, person_id: int, office: bool = False, **kw) -> None:
    with UnitOfWork(engine, SetClock(at), OFFICE) as uow:
        item_service.act(uow, item_id, action, by_office=office, person_id=person_id, **kw)
        uow.commit()


def _on(day: date, hour: int = 16) -> datetime:
    return local(day.year, day.month, day.day, hour, 0)


def yongning_week(engine, calendar) -> Sample:
    import_plan_file(engine, SetClock(local(2022, 6, 1, 8, 0)), OFFICE, EXAMPLES / "yongning-2022" / "plan.txt",
                     EXAMPLES / "yongning-2022" / "roster.yaml", calendar)
    admin = _join(engine, None, "admin", ADMIN_TELEGRAM, "王主任")
    liaison = _join(engine, JUDICIAL, "liaison-a", 1001, "李明")
    _join(engine, JUDICIAL, "liaison-b", 1002, "张红")
    _join(engine, JUDICIAL, "leader", 1003, "赵局长")
    township = _join(engine, YANGHE, "liaison-a", 2001, "马强")
    with Session(engine) as session:
        judicial, yanghe = _items(session, JUDICIAL), _items(session, YANGHE)
    for item_id, seq, kind, due in judicial:
        if due and due < TODAY:
            done = due + timedelta(days=2) if seq == "46" else due
            _do(engine, _on(done), item_id, "submit", liaison, evidence=Evidence("已完成", (PUBLISHED,)))
            _do(engine, _on(done + timedelta(days=1), 10), item_id, "accept", admin, office=True)
    by_seq = {(seq, due): item_id for item_id, seq, _, due in judicial}
    with UnitOfWork(engine, SetClock(_on(date(2022, 11, 22))), OFFICE) as uow:
        kept = evidence.keep(uow.session, photo_png(), "", "image/png", uow.now)
        uow.commit()
    photo_item, link_item = by_seq[("4", date(2022, 11, 30))], by_seq[("10", date(2022, 11, 30))]
    _do(engine, _on(date(2022, 11, 22)), photo_item, "submit", liaison,
        evidence=Evidence("已在政府网站公开，截图见附件", file_id="photo-1", file_hash=kept.hash))
    _do(engine, _on(date(2022, 11, 22), 17), link_item, "submit", liaison,
        evidence=Evidence("已发布 " + PUBLISHED, (PUBLISHED,)))
    township_seq = {(seq, due): item_id for item_id, seq, _, due in yanghe}
    late = township_seq[("52", date(2022, 6, 15))]
    _do(engine, _on(date(2022, 6, 29)), late, "submit", township, evidence=Evidence("已完成", (PUBLISHED,)))
    _do(engine, _on(date(2022, 6, 30), 10), late, "accept", admin, office=True)
    held = township_seq[("40", date(2022, 6, 30))]
    _do(engine, _on(date(2022, 6, 20)), held, "block", township, reason="需县档案馆先完成移交")
    _do(engine, _on(date(2022, 6, 21), 10), held, "hold", admin, office=True)
    with Session(engine) as session:
        judicial_id = people.find_unit(session, JUDICIAL).id
    return Sample(judicial_id, photo_item, link_item, held, photo_png())


def person_id(engine, telegram_id: int) -> int:
    with Session(engine) as session:
        return session.execute(select(PersonRow.id).where(PersonRow.telegram_user_id == telegram_id)).scalar_one()
