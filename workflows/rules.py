"""A plan's own rules as data: its reminder ladder, who is named and picked, its 年底考评 points, its 整改 deadline
and how its documents are numbered (文号).

Written by the office as a small YAML file (`duban rules --plan P --file 规则.yaml`);
what the file leaves out keeps the brief's default. Every value is checked here,
so a typo is refused with its key named instead of silently changing who gets nagged.
"""
from dataclasses import asdict, dataclass, field, fields, replace

from workflows.annual_rollup import SCOPES, AnnualReportRules
from workflows.cadence import ScoreRules
from workflows.errors import InputError
from workflows.ladder import Ladder
from workflows.rectification import DEFAULT_WORKDAYS
from workflows.standing import NamingRules

# 文号 of the documents Duban drafts, from {issuer} (the plan's), {year} and {number}: the quarter for a 通报, the
# notice's own number for a 整改通知书. An office writes its own, e.g. 永政办通〔{year}〕{number}号.
DOC_NUMBERS = {"circulation": "{issuer}通报〔{year}〕{number}号", "notice": "{issuer}整改〔{year}〕{number}号"}


class RulesError(InputError):
    """A rules file the office must correct; the message names the key at fault."""


@dataclass(frozen=True)
class PlanRules:
    ladder: Ladder = field(default_factory=Ladder)
    scores: ScoreRules = field(default_factory=ScoreRules)
    naming: NamingRules = field(default_factory=NamingRules)
    rectification_workdays: int = DEFAULT_WORKDAYS
    annual_report: AnnualReportRules = field(default_factory=AnnualReportRules)
    doc_number: dict = field(default_factory=lambda: dict(DOC_NUMBERS))


def as_mapping(rules: PlanRules) -> dict:
    data = asdict(rules)
    data["ladder"]["days_before"] = list(rules.ladder.days_before)
    return data


def parse_rules(data: object, base: PlanRules = PlanRules()) -> PlanRules:
    """`base` with the values `data` sets; RulesError naming the first bad key."""
    data = _mapping(data, "")
    _known(data, {"ladder", "scores", "naming", "rectification_workdays", "annual_report", "doc_number"}, "")
    ladder = _ladder(_mapping(data.get("ladder", {}), "ladder"), base.ladder)
    scores = _scores(_mapping(data.get("scores", {}), "scores"), base.scores)
    naming = _naming(_mapping(data.get("naming", {}), "naming"), base.naming)
    workdays = _whole(data.get("rectification_workdays", base.rectification_workdays), "rectification_workdays", 1)
    annual = _annual_report(_mapping(data.get("annual_report", {}), "annual_report"), base.annual_report)
    doc_number = _doc_numbers(_mapping(data.get("doc_number", {}), "doc_number"), base.doc_number)
    return PlanRules(ladder=ladder, scores=scores, naming=naming, rectification_workdays=workdays,
                     annual_report=annual, doc_number=doc_number)


def _annual_report(data: dict, base: AnnualReportRules) -> AnnualReportRules:
    _known(data, {f.name for f in fields(AnnualReportRules)}, "annual_report.")
    days = data.get("days_early", base.days_early)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 30:
        raise RulesError(f"annual_report.days_early：应为0到30之间的天数（比1月31日提前几天），而不是 {days!r}")
    scope = data.get("scope", base.scope)
    if scope not in SCOPES:
        raise RulesError(f"annual_report.scope：应为 {' 或 '.join(SCOPES)}（只汇总部门，或部门和乡镇），"
                         f"而不是 {scope!r}")
    return AnnualReportRules(days, scope)


def _naming(data: dict, base: NamingRules) -> NamingRules:
    _known(data, {f.name for f in fields(NamingRules)}, "naming.")
    values = {key: _whole(value, f"naming.{key}", 0 if key == "overdue_workdays" else 1)
              for key, value in data.items() if key != "interview_rate"}
    if "interview_rate" in data:
        rate = data["interview_rate"]
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise RulesError(f"naming.interview_rate：应为0到1之间的按时完成率，如 0.6，而不是 {rate!r}")
        values["interview_rate"] = float(rate)
    return replace(base, **values)


def _doc_numbers(data: dict, base: dict) -> dict:
    _known(data, set(DOC_NUMBERS), "doc_number.")
    for key, pattern in data.items():
        try:
            pattern.format(issuer="永宁县人民政府办公室", year=2022, number=1)
        except (AttributeError, KeyError, IndexError, ValueError):
            raise RulesError(f"doc_number.{key}：应为文号格式，可用 {{issuer}}、{{year}}、{{number}}，如 "
                             f"“永政办通〔{{year}}〕{{number}}号”，而不是 {pattern!r}") from None
    return {**base, **data}


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
    repeat = _whole(data.get("repeat_overdue_days", base.repeat_overdue_days), "ladder.repeat_overdue_days", 1)
    return Ladder(days, liaisons, leader, repeat)


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
