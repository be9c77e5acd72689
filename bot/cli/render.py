"""Turning check results and due items into what the terminal shows: tables for people, JSON for tools."""
import json
from collections import defaultdict

from bot import messages as m
from workflows.check import PlanCheck
from workflows.plan import DEADLINE, UNITS, Problem
from workflows.roster import suggested_kind
from workflows.table import FIELD_LABELS
from workflows.text import display_width

_SHORT = 24


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _short(text: str) -> str:
    return text if len(text) <= _SHORT else text[:_SHORT - 1] + "…"


def table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    widths = [max(display_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    return "\n".join("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in [headers, *rows])


def due_table(items: list, contents: dict[int, str]) -> str:
    """Items (engine or stored ones) grouped by unit; `contents` gives each row's 主要内容."""
    if not items:
        return m.NO_ITEMS
    by_unit: dict[str, list] = defaultdict(list)
    for item in items:
        by_unit[item.unit].append(item)
    blocks = []
    for unit, unit_items in by_unit.items():
        rows = [((i.due.isoformat() + (m.PROVISIONAL_MARK if i.provisional else "")) if i.due else m.UNDATED,
                 m.KIND_LABELS[i.kind], i.seq, _short(i.detail or i.deadline_text),
                 _short(contents.get(i.row, "")) if i.row else "") for i in unit_items]
        blocks.append(m.UNIT_HEADING.format(unit=unit, count=len(unit_items)) + "\n" + table(rows, m.DUE_HEADERS))
    footnote = [m.PROVISIONAL_FOOTNOTE] if any(i.provisional for i in items) else []
    return "\n\n".join(blocks + footnote)


def _item(i) -> dict:
    out = {"unit": i.unit, "seq": i.seq, "row": i.row, "kind": i.kind, "due": i.due.isoformat() if i.due else None,
           "provisional": i.provisional, "deadline_text": i.deadline_text, "role": i.role, "detail": i.detail}
    if hasattr(i, "state"):  # stored items also say where they stand
        out.update(id=i.id, state=i.state, retired=i.retired)
    return out


def due_json(items: list) -> str:
    return json.dumps([_item(i) for i in items], ensure_ascii=False, indent=2)


def _problem(p: Problem) -> dict:
    return {"row": p.row, "field": FIELD_LABELS[p.field], "severity": p.severity, "message": p.message, "text": p.text}


def _rule(duty) -> dict:
    return {"rule": type(duty.rule).__name__, "kind": duty.rule.kind, "words": duty.words,
            "dates": [d.isoformat() for d in duty.rule.dates()]}


def check_json(check: PlanCheck) -> str:
    plan = check.plan
    return json.dumps({
        "plan": {"title": plan.title, "issuer": plan.issuer, "year": plan.year, "doc_number": plan.doc_number,
                 "issued": plan.issued.isoformat() if plan.issued else None},
        "rows": [{"row": r.obligation.task.row, "seq": r.obligation.task.seq, "heading": r.obligation.task.heading,
                  "deadline_text": r.obligation.task.deadline_text, "units_text": r.obligation.task.units_text,
                  "rules": [_rule(d) for d in r.obligation.duties],
                  "units": [{"name": a.unit.name, "role": a.role} for a in r.assignments]} for r in check.rows],
        "problems": [_problem(p) for p in check.problems],
    }, ensure_ascii=False, indent=2)


def _units(row) -> str:
    if not row.assignments:
        return f"「{row.obligation.task.units_text}」"
    names = [a.unit.name + ("" if a.role == "responsible" else f"（{m.ROLE_LABELS[a.role]}）") for a in row.assignments]
    return m.COUNTED_NAMES.format(count=len(names), names="、".join(names))


def _rule_text(duty) -> str:
    dates = "、".join(d.isoformat() for d in duty.rule.dates())
    label = m.RULE_LABELS[type(duty.rule).__name__]
    return f"{label} {dates}" if dates else f"{label}（{duty.words}）"


def missing_units(check: PlanCheck) -> list[str]:
    """Roster entries to add for the unit names the roster does not know, one YAML line each."""
    names = dict.fromkeys(p.subject for p in check.problems if p.field == UNITS and p.subject)
    return [f"  - {{name: {n}, kind: {suggested_kind(n)}}}" for n in names]


def check_text(check: PlanCheck) -> str:
    plan = check.plan
    lines = [m.CHECK_SUMMARY.format(title=plan.title, doc_number=plan.doc_number, rows=len(check.rows),
                                    issued=plan.issued.isoformat() if plan.issued else m.UNKNOWN_ISSUED,
                                    errors=len(check.errors), notices=len(check.problems) - len(check.errors)),
             check_summary(check), ""]
    for row in check.rows:
        task = row.obligation.task
        rules = "；".join(_rule_text(d) for d in row.obligation.duties)
        lines.append(m.CHECK_ROW.format(row=task.row, seq=task.seq, deadline=task.deadline_text,
                                        rules=rules, units=_units(row)))
    lines.append("")
    for p in check.problems:
        template = m.CHECK_PROBLEM if p.row else m.CHECK_PLAN_PROBLEM
        lines.append(template.format(severity=m.SEVERITY_LABELS[p.severity], row=p.row, field=FIELD_LABELS[p.field],
                                     message=p.message) + (f"：「{_short(p.text)}」" if p.text else ""))
    if missing_units(check):
        lines += ["", m.ROSTER_SUGGESTION, *missing_units(check)]
    return "\n".join(lines)


def import_summary(imported) -> str:
    result = imported.result
    if result is None:
        return m.IMPORT_REFUSED
    return import_change(result, m.IMPORT_STORED)


def import_change(result, counts: str) -> str:
    """What an import changed (or would change): `counts` words its revision and counts, then the rows' diff."""
    if result.unchanged:
        return m.IMPORT_UNCHANGED.format(revision=result.revision)
    made = counts.format(revision=result.revision, created=result.created, kept=result.kept,
                         deleted=result.deleted, retired=result.retired)
    if result.revision == 1:
        return made
    return made + "\n" + m.IMPORT_DIFF.format(added=_numbers(result.rows_added),
                                               removed=_numbers(result.rows_removed),
                                               changed=_numbers(result.rows_changed))


def _numbers(rows: tuple[int, ...]) -> str:
    return "、".join(map(str, rows)) or m.NONE


def check_summary(check: PlanCheck) -> str:
    """The import report's first line: rows read, units resolved, rules understood."""
    rows = check.rows
    units = {a.unit.name for r in rows for a in r.assignments}
    unread = {p.row for p in check.errors if p.field == DEADLINE}
    unknown = sum(1 for p in check.errors if p.field == UNITS)
    return m.CHECK_COUNTS.format(rows=len(rows), units=len(units), unknown=unknown,
                                 rules=len(rows) - len(unread), unread=len(unread))


def simulated_day(day, sent: list, workday: bool) -> str:
    """One day of `duban simulate`: headed by its ISO date, then each message as its recipient and first line."""
    head = f"{day.isoformat()} {m.WEEKDAYS[day.weekday()]}" + ("" if workday else m.SIM_REST_DAY)
    lines = [head] + [m.SIM_LINE.format(name=s.persona.name, first=s.text.split("\n")[0],
                                        file=m.SIM_FILE.format(file=s.file_name) if s.file_name else "")
                      for s in sent]
    return "\n".join(lines if sent else [head + m.SIM_NOTHING])


def simulation_totals(counts: dict, weeks: int, written: list[str]) -> str:
    """Messages per person per week, the heaviest weeks first: the check against reminder fatigue."""
    total = sum(sum(c.values()) for c in counts.values())
    rows = sorted(((p.name, str(sum(c.values())), f"{sum(c.values()) / weeks:.1f}", str(max(c.values())))
                   for p, c in counts.items()), key=lambda r: (-int(r[3]), -int(r[1]), r[0]))
    lines = [m.SIM_TOTAL.format(total=total, people=len(counts), weeks=weeks), m.SIM_PER_WEEK,
             table(rows, m.SIM_HEADERS) if rows else m.SIM_NOTHING.strip()]
    lines.append(m.SIM_WRITTEN.format(files="、".join(written)) if written else m.SIM_NO_FILES)
    return "\n".join(lines)
