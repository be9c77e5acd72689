"""The plan's rules as a form: each field read as its line in the rules YAML would be, checked by the same parser.

A field is read as YAML (3 is a number, 0.6 a rate), the reminder days as a
YAML list, document-number patterns as text. Each field is checked on its own,
so that every mistake is shown beside its field at once, then all together
(the leader's step after the liaisons').
"""
import yaml

from workflows.rules import PlanRules, RulesError, as_mapping, parse_rules

TEXT_FIELDS = {"doc_number.circulation", "doc_number.notice", "annual_report.scope"}
LIST_FIELDS = {"ladder.days_before"}


def fields_of(rules: PlanRules) -> dict[str, object]:
    """Every rule by its dotted key (ladder.overdue_leader) with its value as the form shows it."""
    shown = {}
    for group, values in as_mapping(rules).items():
        for key, value in values.items() if isinstance(values, dict) else ((None, values),):
            name = f"{group}.{key}" if key else group
            shown[name] = ", ".join(map(str, value)) if name in LIST_FIELDS else value
    return shown


def _value(name: str, text: str) -> object:
    if name in TEXT_FIELDS:
        return text
    try:
        return yaml.safe_load(f"[{text}]" if name in LIST_FIELDS else text)
    except yaml.YAMLError:
        return text          # the parser names it as what it is not


def _nested(name: str, value: object) -> dict:
    group, _, key = name.partition(".")
    return {group: {key: value}} if key else {group: value}


def read_form(form, current: PlanRules) -> tuple[PlanRules | None, dict[str, str]]:
    """The rules the form sets on top of `current`, or None and the errors by field."""
    data, errors, names = {}, {}, fields_of(current)
    for name in names:
        if name not in form:
            continue
        value = _value(name, str(form[name]).strip())
        try:
            parse_rules(_nested(name, value), current)
        except RulesError as error:       # one rule against another names the other one: shown there
            errors[_field(error, names, name)] = str(error)
            continue
        group, _, key = name.partition(".")
        if key:
            data.setdefault(group, {})[key] = value
        else:
            data[group] = value
    if errors:
        return None, errors
    try:
        return parse_rules(data, current), {}
    except RulesError as error:
        return None, {_field(error, names, ""): str(error)}


def _field(error: RulesError, names, fallback: str) -> str:
    """The field an error is about: its message starts with the key at fault."""
    key = str(error).partition("：")[0]
    return key if key in names else fallback
