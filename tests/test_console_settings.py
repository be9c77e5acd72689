"""设置 in the console: the plan's rules as a form, checked as the rules YAML is, saved through the same use case."""
import html as markup
import re

from sqlmodel import Session, select

from bot import messages as m
from store import queries
from store.rules import rules_of
from store.tables import AuditEntry
from tests.console_harness import ADMIN
from workflows.rules import RulesError, parse_rules


def current_rules(world):
    with Session(world.duban.engine) as session:
        return rules_of(session, queries.latest_plan_id(session))


def field_error(html: str, name: str) -> str:
    """The error shown beside the field `name`."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*>\s*<div class="field-error">([^<]*)</div>', html)
    return markup.unescape(found.group(1)) if found else ""


def yaml_error(data: dict) -> str:
    try:
        parse_rules(data)
    except RulesError as error:
        return str(error)
    return ""


async def test_the_form_shows_the_plans_rules(admin):
    status, html = await admin.get("/settings")
    assert status == 200 and "永宁县2022年政务公开工作要点" in html
    assert 'name="ladder.days_before" value="7, 3"' in html
    assert 'name="ladder.overdue_leader" value="3"' in html
    assert 'name="naming.interview_rate" value="0.6"' in html
    assert "逾期第几个工作日告知单位分管领导" in html


async def test_a_change_is_saved_and_recorded_as_the_consoles(admin, console_world):
    status, html = await admin.post("/settings", {"ladder.days_before": "5, 2", "ladder.overdue_leader": "4",
                                                  "naming.interview_rate": "0.5",
                                                  "doc_number.notice": "永政办整〔{year}〕{number}号"})
    assert status == 200 and m.CONSOLE_RULES_SAVED in html
    rules = current_rules(console_world)
    assert rules.ladder.days_before == (5, 2) and rules.ladder.overdue_leader == 4
    assert rules.naming.interview_rate == 0.5 and rules.doc_number["notice"] == "永政办整〔{year}〕{number}号"
    assert rules.ladder.repeat_overdue_days == 7      # untouched fields keep their values
    with Session(console_world.duban.engine) as session:
        last = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.actor, last.action) == (f"console:{ADMIN}", "plan.rules") and '"overdue_leader": 4' in last.after


async def test_every_mistake_is_shown_beside_its_field_in_the_yaml_s_words(admin, console_world):
    before = current_rules(console_world)
    status, html = await admin.post("/settings", {"ladder.days_before": "7, x", "ladder.overdue_liaisons": "0",
                                                  "naming.interview_rate": "2", "scores.base": "-1",
                                                  "doc_number.circulation": "{县}通报"})
    assert status == 400 and m.CONSOLE_RULES_INVALID.format(count=5) in html
    assert field_error(html, "ladder.days_before") == yaml_error({"ladder": {"days_before": [7, "x"]}})
    assert field_error(html, "ladder.overdue_liaisons") == yaml_error({"ladder": {"overdue_liaisons": 0}})
    assert field_error(html, "naming.interview_rate") == yaml_error({"naming": {"interview_rate": 2}})
    assert field_error(html, "scores.base").startswith("scores.base：")
    assert field_error(html, "doc_number.circulation").startswith("doc_number.circulation：应为文号格式")
    assert 'name="ladder.days_before" value="7, x"' in html        # what was typed stays, to be corrected
    assert current_rules(console_world) == before


async def test_a_rule_against_another_is_shown_on_the_field_at_fault(admin, console_world):
    status, html = await admin.post("/settings", {"ladder.overdue_liaisons": "4", "ladder.overdue_leader": "2"})
    assert status == 400
    assert field_error(html, "ladder.overdue_leader").startswith("ladder.overdue_leader：告知单位负责人不能早于")
    assert current_rules(console_world).ladder.overdue_leader == 3


async def test_an_observer_sees_the_rules_and_cannot_change_them(observer, console_world):
    status, html = await observer.get("/settings")
    assert status == 200 and 'name="ladder.overdue_leader" value="3"' in html and "观察员只能查看" in html
    status, html = await observer.post("/settings", {"ladder.overdue_leader": "5"})
    assert status == 403 and m.CONSOLE_OBSERVER in html
    assert current_rules(console_world).ladder.overdue_leader == 3


async def test_no_change_without_a_session(anonymous, console_world):
    status, html = await anonymous.post("/settings", {"ladder.overdue_leader": "5"}, csrf="guessed")
    assert status == 403 and m.CONSOLE_NO_SESSION in html
    assert current_rules(console_world).ladder.overdue_leader == 3
