"""A plan's own rules as data: its reminder ladder, its 年底考评 points and its 整改 deadline.

Written by the office as a small YAML file (`duban rules --plan P --file 规则.yaml`);
what the file leaves out keeps the brief's default. Every value is checked here,
so a typo is refused with its key named instead of silently changing who gets nagged.
"""
from dataclasses import asdict, dataclass, field, fields, replace

from workflows.annual_rollup import SCOPES, AnnualReportRules
from workflows.cadence import ScoreRules
from workflows.ladder import Ladder
from workflows.rectification import DEFAULT_WORKDAYS


class RulesError(ValueError):
    """A rules file the office must correct; the message names the key at fault."""


@dataclass(frozen=True)
class PlanRules:
    ladder: Ladder = field(default_factory=Ladder)
    scores: ScoreRules = field(default_factory=ScoreRules)
    rectification_workdays: int = DEFAULT_WORKDAYS
    annual_report: AnnualReportRules = field(default_factory=AnnualReportRules)


def as_mapping(rules: PlanRules) -> dict:
    data = asdict(rules)
    data["ladder"]["days_before"] = list(rules.ladder.days_before)
    return data


def parse_rules(data: object, base: PlanRules = PlanRules()) -> PlanRules:
    """`base` with the values `data` sets; RulesError naming the first bad key."""
    data = _mapping(data, "")
    _known(data, {"ladder", "scores", "rectification_workdays", "annual_report"}, "")
    ladder = _ladder(_mapping(data.get("ladder", {}), "ladder"), base.ladder)
    scores = _scores(_mapping(data.get("scores", {}), "scores"), base.scores)
    workdays = _whole(data.get("rectification_workdays", base.rectification_workdays), "rectification_workdays", 1)
    annual = _annual_report(_mapping(data.get("annual_report", {}), "annual_report"), base.annual_report)
    return PlanRules(ladder, scores, workdays, annual)


def _annual_report(data: dict, base: AnnualReportRules) -> AnnualReportRules:
    _known(data, {f.name for f in fields(AnnualReportRules)}, "annual_report.")
    days = data.get("days_early", base.days_early)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 30:
        raise RulesError(f"annual_report.days_early：应为0到30之间的天数（比1月31日提前几天），而不是 {days!r}")
    scope = data.get("scope", base.scope)
    if scope not in SCOPES:
        raise RulesError(f"annual_report.scope：应为 {' 或 '.join(SCOPES)}（只汇总部门，或部门和乡镇），而不是 {scope!r}")
    return AnnualReportRules(days, scope)


def _ladder(data: dict, base: Ladder) -> Ladder:
    _known(data, {f.name for f in fields(Ladder)}, "ladder.")
    before = data.get("days_before", list(base.days_before))
    if not isinstance(before, list):
        raise RulesError("ladder.days_before：应为工作日数的列表，如 [7, 3]")
    days = tuple(sorted({_whole(n, "ladder.days_before", 1) for n in before}, reverse=True))
    liaisons = _whole(data.get("overdue_liaisons", base.overdue_liaisons), "ladder.overdue_liaisons", 1)
    leader = _whole(data.get("overdue_leader", base.overdue_leader), "ladder.overdue_leader", 1)
    if leader < liaisons:
        raise RulesError("ladder.overdue_leader：告知单位负责人不能早于告知联络员（overdue_liaisons）")
    return Ladder(days, liaisons, leader)


def _scores(data: dict, base: ScoreRules) -> ScoreRules:
    _known(data, {f.name for f in fields(ScoreRules)}, "scores.")
    values = {key: _points(value, f"scores.{key}") for key, value in data.items()}
    if values.get("base", base.base) <= 0:
        raise RulesError("scores.base：基础分应大于0")
    return replace(base, **values)


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise RulesError(f"{where or '规则文件'}：应为“键: 值”的映射")
    return value


def _known(data: dict, allowed: set[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            raise RulesError(f"{prefix}{key}：不认识的规则项（可用：{'、'.join(sorted(allowed))}）")


def _whole(value: object, key: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise RulesError(f"{key}：应为不小于{least}的整数，而不是 {value!r}")
    return value


def _points(value: object, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise RulesError(f"{key}：应为不小于0的分值，而不是 {value!r}")
    return float(value)
