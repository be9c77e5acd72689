"""How well the plan reader reads real published plans: the corpus in tests/data/plans, against its keys.

Run: .venv/bin/python -m bench.plan_corpus
Per document and in total: rows read exactly (every unit and the deadline right), rows flagged (not
exact, but the check names the row and the field at fault), rows silently wrong (not exact, nothing
said), and whether the file yields a review workbook. Rows the key marks ambiguous are not scored.
A document whose text states no year is read with the key's year, as the office would give
`--plan-year` when asked.
"""
import json
from dataclasses import dataclass
from pathlib import Path

from documents.review_xlsx import review_workbook
from importers.plan_file import read_plan_file
from importers.plan_text import PlanTextError
from importers.roster_file import load_roster
from workflows.check import check_plan
from workflows.deadline import AfterEvent, NeedsDate, Ongoing, Unstated
from workflows.text import normalise

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"
_UNIT_FIELDS = ("责任单位",)
_DEADLINE_FIELDS = ("完成时限", "主要内容")


@dataclass
class Score:
    document: str
    exact: int = 0
    flagged: int = 0
    wrong: int = 0
    workbook: bool = False
    misses: tuple = ()


def deadline_of(row) -> tuple[object, str | None]:
    """The row's deadline in the key's words: ISO dates, ongoing, none-given, needs-date or event."""
    rules = row.obligation.rules
    dates = sorted({d.isoformat() for r in rules for d in r.dates()})
    also = "ongoing" if dates and any(type(r) is Ongoing for r in rules) else None
    if dates:
        return dates, also
    if any(isinstance(r, AfterEvent) for r in rules):
        return "event", None
    if any(isinstance(r, NeedsDate) for r in rules):
        return "needs-date", None
    if any(isinstance(r, Unstated) for r in rules):
        return "none-given", None
    return "ongoing", None


def _key_deadline(entry) -> tuple[object, str | None]:
    deadline = entry["deadline"]
    deadline = "event" if isinstance(deadline, str) and deadline.startswith("event") else deadline
    return deadline, entry.get("deadline_also")


def _seq(text) -> str:
    return normalise(text or "").rstrip("、.")


def _align(entries: list[dict], rows: list) -> list[tuple[dict, object]]:
    """Each key row with the task read for it: the next task with the same printed number, in order."""
    pairs, at = [], 0
    for entry in entries:
        found = next((i for i in range(at, len(rows)) if not entry["seq"] or not rows[i].obligation.task.seq
                      or _seq(rows[i].obligation.task.seq) == _seq(entry["seq"])), None)
        pairs.append((entry, rows[found] if found is not None else None))
        at = found + 1 if found is not None else at
    return pairs


def _named(problems, row: int, fields) -> bool:
    return any(p.row == row and p.field in fields for p in problems)


def score_document(key_path: Path) -> Score:
    key = json.loads(key_path.read_text(encoding="utf-8"))
    score = Score(key["file"])
    year = None if key["year_stated_in_document"] else key["plan_year"]
    try:
        plan = read_plan_file(CORPUS / key["file"], year=year)
    except PlanTextError as refused:
        score.wrong = sum(1 for entry in key["rows"] if not entry.get("ambiguous"))
        score.misses = ((0, f"refused: {refused}"),)
        return score
    check = check_plan(plan, load_roster(CORPUS / key["roster"]))
    score.workbook = bool(review_workbook(check))
    misses = []
    for entry, row in _align(key["rows"], list(check.rows)):
        if entry.get("ambiguous"):
            continue
        if row is None:
            score.wrong += 1
            misses.append((entry["n"], "row not read"))
            continue
        task_row = row.obligation.task.row
        units_ok = {a.unit.name for a in row.assignments} == set(entry["units"])
        deadline_ok = deadline_of(row) == _key_deadline(entry)
        if units_ok and deadline_ok:
            score.exact += 1
        elif (units_ok or _named(check.problems, task_row, _UNIT_FIELDS)) and \
                (deadline_ok or _named(check.problems, task_row, _DEADLINE_FIELDS)):
            score.flagged += 1
        else:
            score.wrong += 1
            misses.append((entry["n"], "units" if not units_ok else "deadline"))
    score.misses = tuple(misses)
    return score


def main() -> None:
    total = Score("total", workbook=True)
    for key_path in sorted(CORPUS.glob("*.key.json")):
        score = score_document(key_path)
        for name in ("exact", "flagged", "wrong"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        total.workbook &= score.workbook
        misses = "".join(f" [row {n}: {what}]" for n, what in score.misses)
        print(f"{score.document}: exact {score.exact}, flagged {score.flagged}, silently wrong {score.wrong}, "
              f"review workbook {'yes' if score.workbook else 'NO'}{misses}")
    scored = total.exact + total.flagged + total.wrong
    print(f"plan corpus: {total.exact}/{scored} non-ambiguous rows exact ({100 * total.exact / scored:.1f}%), "
          f"{total.flagged} flagged, {total.wrong} silently wrong, review workbook for every document: "
          f"{'yes' if total.workbook else 'no'}")


if __name__ == "__main__":
    main()
