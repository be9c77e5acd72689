"""The cadence reports as data: plain facts about items, the 月反馈 roll-up and the 年底考评 scores.

An item is done on time when its accepted submission was made by its due date
(an approved extension's date, once approved). An item the office put on hold
(an approved difficulty) is counted as blocked, neither overdue nor late, until
the unit resumes it. Reports look from a day (`workflows.standing.as_of`): a
deadline counts once its day has passed. Ranking, naming, 约谈 and the 半年督查
picks are in `workflows.standing`.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from workflows.glossary import MONTHLY_FEEDBACK as FEEDBACK, QUARTERLY
from workflows.item_state import ACCEPTED, BLOCKED, HELD, WAIVED, ItemState
from workflows.period_words import period_words


@dataclass(frozen=True)
class ItemFact:
    unit: str
    seq: str
    kind: str
    due: date | None
    state: str
    submitted_on: date | None      # the last submission's local date
    returns: int = 0
    original_due: date | None = None     # set when an approved extension moved the due date

    def on_time(self) -> bool:
        return self.state == ACCEPTED and self.submitted_on is not None and self.due is not None \
            and self.submitted_on <= self.due

    def overdue_on(self, day: date) -> bool:
        return self.state != HELD and ItemState(self.state, self.due, self.due).is_overdue(day)

    @property
    def blocked(self) -> bool:
        return self.state in (BLOCKED, HELD)

    @property
    def counted(self) -> bool:
        """Whether it counts in rankings and scores: not waived, not on an approved hold."""
        return self.state not in (WAIVED, HELD)


@dataclass(frozen=True)
class UnitMonth:
    unit: str
    answered: bool        # the month's feedback round was submitted
    done: int             # items accepted whose submission fell in the month
    overdue: int          # open items past due at the month's end
    blocked: int
    feedback: str = ""    # what the unit wrote in the month's feedback round
    evidence: str = ""    # its links and files


@dataclass(frozen=True)
class FeedbackReply:
    unit: str
    text: str
    evidence: str


def by_unit(facts: list[ItemFact]) -> dict[str, list[ItemFact]]:
    """Each unit's facts, units by name: one pass over a province's 50,000 facts, not one per unit."""
    grouped = defaultdict(list)
    for f in facts:
        grouped[f.unit].append(f)
    return dict(sorted(grouped.items()))


def monthly_rollup(facts: list[ItemFact], first: date, seen: date,
                   replies: tuple[FeedbackReply, ...] = ()) -> list[UnitMonth]:
    """Each unit's month as seen on `seen` (the day after the month, or today if earlier), with its feedback."""
    said = {r.unit: r for r in replies}
    rows = []
    for unit, mine in by_unit(facts).items():
        feedback = [f for f in mine if f.kind == FEEDBACK and f.due and first <= f.due < seen]
        reply = said.get(unit, FeedbackReply(unit, "", ""))
        rows.append(UnitMonth(
            unit=unit,
            answered=any(f.submitted_on is not None for f in feedback),
            done=sum(1 for f in mine if f.state == ACCEPTED and f.submitted_on and first <= f.submitted_on < seen),
            overdue=sum(1 for f in mine if f.kind != FEEDBACK and f.overdue_on(seen) and not f.blocked),
            blocked=sum(1 for f in mine if f.blocked),
            feedback=reply.text, evidence=reply.evidence))
    return rows


@dataclass(frozen=True)
class ScoreRules:
    """年底考评 points; Yongning weighted 政务公开 at 4 points of the county's 效能目标."""
    base: float = 100
    per_late_item: float = 2
    per_return: float = 1
    per_circulation: float = 5
    per_missed_feedback: float = 2
    weight: float = 4


@dataclass(frozen=True)
class Deduction:
    unit: str
    reason: str
    seq: str
    due: date | None
    points: float


@dataclass(frozen=True)
class UnitScore:
    unit: str
    score: float
    weighted: float
    deductions: tuple[Deduction, ...]


def _deductions(unit: str, facts: list[ItemFact], seen: date, named_in: list[str], rules: ScoreRules):
    for f in facts:
        if f.kind == FEEDBACK and f.due and f.due < seen and f.submitted_on is None:
            yield Deduction(unit, "未按时月反馈", "月反馈", f.due, rules.per_missed_feedback)
        elif f.kind != FEEDBACK and f.due and f.due < seen and not f.on_time() and f.counted:
            yield Deduction(unit, "未按时完成", f.seq, f.due, rules.per_late_item)
        for _ in range(f.returns):
            yield Deduction(unit, "提交被退回", f.seq, f.due, rules.per_return)
    for quarter in named_in:
        yield Deduction(unit, f"{period_words(QUARTERLY, quarter)}被通报", "", None, rules.per_circulation)


def year_end_scores(facts: list[ItemFact], seen: date, circulations: dict[str, list[str]],
                    rules: ScoreRules = ScoreRules()) -> list[UnitScore]:
    """Every unit's score as seen on `seen`, each deduction traceable to its item or to a circulation the office
    sent; best first, tied units by name (the table gives them the same place).

    `circulations`: period → the units named, as approved and sent (drafts never count)."""
    scores = []
    for unit, mine in by_unit(facts).items():
        named_in = sorted(q for q, names in circulations.items() if unit in names)
        deductions = tuple(_deductions(unit, mine, seen, named_in, rules))
        score = max(rules.base - sum(d.points for d in deductions), 0)
        scores.append(UnitScore(unit, score, round(score / rules.base * rules.weight, 2), deductions))
    return sorted(scores, key=lambda s: (-s.score, s.unit))
