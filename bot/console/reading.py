"""What several console pages read and show alike: the plan at hand, the words for lights and unit kinds."""
from datetime import date
from typing import NamedTuple

from sqlmodel import Session

from store.views import ItemView
from store import queries
from store.tables import PlanRow
from workflows.calendar import WorkCalendar
from workflows.item_state import ItemState
from workflows.traffic import lights_on

LIGHT_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "grey": "灰"}
KIND_NAMES = {"township": "乡镇（街道）", "department": "部门", "section": "科室", "district": "县区",
              "office": "办公室"}


def current_plan(session: Session) -> PlanRow | None:
    plan_id = queries.latest_plan_id(session)
    return session.get(PlanRow, plan_id) if plan_id else None


class ItemRow(NamedTuple):
    """An item as a console table lists it: the chat's view of it, and its light today."""
    view: ItemView
    light: str


def item_rows(views: list[ItemView], today: date, calendar: WorkCalendar) -> list[ItemRow]:
    light = lights_on(today, calendar)
    return [ItemRow(v, light(ItemState(v.state, v.due, v.due))) for v in views]
