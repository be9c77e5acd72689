"""Each plan's rules, kept as a setting (`rules:<plan id>`, JSON); a plan never given any runs on the defaults."""
import json

from sqlmodel import Session

from store.annual_reports import chase_internal_date
from store.tables import SettingRow
from store.uow import UnitOfWork
from workflows.rules import PlanRules, as_mapping, parse_rules


def _key(plan_id: int) -> str:
    return f"rules:{plan_id}"


def rules_of(session: Session, plan_id: int) -> PlanRules:
    row = session.get(SettingRow, _key(plan_id))
    return parse_rules(json.loads(row.value)) if row else PlanRules()


def set_rules(uow: UnitOfWork, plan_id: int, rules: PlanRules) -> None:
    before = rules_of(uow.session, plan_id)
    value = json.dumps(as_mapping(rules), ensure_ascii=False)
    row = uow.session.get(SettingRow, _key(plan_id))
    if row is None:
        uow.session.add(SettingRow(key=_key(plan_id), value=value))
    else:
        row.value = value
    uow.audit("plan.rules", _key(plan_id), before=as_mapping(before), after=as_mapping(rules))
    chase_internal_date(uow, plan_id, rules.annual_report)
