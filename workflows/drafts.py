"""What a scheduling round queues: typed drafts, stored as JSON in the outbox and rendered when the sender claims them.

Each draft names its fields (`dumps`) and is read back by its type (`of`, from the stored JSON's dict); the
sender picks the type by the draft's `kind`.
"""
import json
from dataclasses import dataclass
from datetime import date

from workflows.reminders import Group, Remind


@dataclass(frozen=True)
class ReminderDraft:
    """A person's reminder: the groups they hear of at which step, and the week's notes when it carries them."""
    today: date
    since: date
    groups: dict[Group, Remind]
    week: tuple[date, date] | None = None
    KIND = "reminder"

    def dumps(self) -> str:
        draft = {"kind": self.KIND, "today": self.today.isoformat(), "since": self.since.isoformat(),
                 "groups": [{"plan": g.plan_id, "due": g.due.isoformat(), "kind": g.kind, "step": r.step,
                             "on": r.on.isoformat(), "overdue_leader": r.overdue_leader}
                            for g, r in self.groups.items()]}
        if self.week:
            draft["week"] = {"first": self.week[0].isoformat(), "last": self.week[1].isoformat()}
        return json.dumps(draft)

    @classmethod
    def of(cls, draft: dict) -> "ReminderDraft":
        groups = dict(map(_group, draft["groups"]))
        week = draft.get("week")
        if isinstance(week, dict):
            week = week["first"], week["last"]
        return cls(date.fromisoformat(draft["today"]), date.fromisoformat(draft["since"]), groups,
                   (date.fromisoformat(week[0]), date.fromisoformat(week[1])) if week else None)


def _group(stored) -> tuple[Group, Remind]:
    """A group as queued; a draft queued before the fields were named (a list in their order) is still sent after an
    upgrade, not failed."""
    if isinstance(stored, list):
        stored = dict(zip(("plan", "due", "kind", "step", "on", "overdue_leader"), stored))
    return (Group(stored["plan"], date.fromisoformat(stored["due"]), stored["kind"]),
            Remind(stored["step"], date.fromisoformat(stored["on"]), stored["overdue_leader"]))


@dataclass(frozen=True)
class WeekDraft:
    """A unit's note of the week ahead, for a reader with no reminder that day."""
    first: date
    last: date
    today: date
    KIND = "week"

    def dumps(self) -> str:
        return json.dumps({"kind": self.KIND, "first": self.first.isoformat(), "last": self.last.isoformat(),
                           "today": self.today.isoformat()})

    @classmethod
    def of(cls, draft: dict) -> "WeekDraft":
        return cls(*(date.fromisoformat(draft[field]) for field in ("first", "last", "today")))


@dataclass(frozen=True)
class ReportDraft:
    """One part of a cadence report to one reader: its summary (with why they get it) or its file."""
    plan_id: int
    report: str      # a report_schedule kind
    period: str
    part: str        # SUMMARY or FILE
    why: str
    KIND = "report"
    SUMMARY, FILE = "summary", "file"

    def dumps(self) -> str:
        return json.dumps({"kind": self.KIND, "plan": self.plan_id, "report": self.report, "period": self.period,
                           "part": self.part, "why": self.why})

    @classmethod
    def of(cls, draft: dict) -> "ReportDraft":
        return cls(draft["plan"], draft["report"], draft["period"], draft["part"], draft["why"])

