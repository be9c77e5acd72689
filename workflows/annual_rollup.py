"""Where the annual reports stand: who has submitted, whose workbook passed the checks, who is late, and the
本级 tables compiled from the submissions the office accepted.

A unit counts in the compiled tables once the office has accepted its item and
its latest workbook passed the checks; every other unit in scope is listed as missing.
"""
from dataclasses import dataclass
from datetime import date

from workflows.annual_report import AnnualFigures, compiled
from workflows.item_state import ACCEPTED, OPEN, STATE_NAMES

DEPARTMENTS, WITH_TOWNSHIPS = "departments", "departments-and-townships"
PASSED, FAILED, NOT_SENT = "通过", "未通过", "未报送"
SCOPES = {DEPARTMENTS: ("department",), WITH_TOWNSHIPS: ("department", "township")}


@dataclass(frozen=True)
class AnnualReportRules:
    """The office's choices: its internal date (`days_early` calendar days before the statutory 1月31日, e.g. 5 for
    1月26日), which the item's ladder chases; and whose figures the 本级 tables sum (`scope`)."""
    days_early: int = 0
    scope: str = DEPARTMENTS


@dataclass(frozen=True)
class AnnualItem:
    """One unit's annual-report item as stored, with its latest workbook."""
    unit: str
    state: str
    due: date | None
    submitted: date | None = None          # when its latest workbook came
    passed: bool | None = None             # that workbook's checks; None when none came
    figures: AnnualFigures | None = None   # that workbook's figures


@dataclass(frozen=True)
class Standing:
    unit: str
    status: str          # the item's state, as users read it
    checks: str          # PASSED, FAILED or NOT_SENT
    due: date | None
    submitted: date | None
    late: bool
    included: bool


def _checks(item: AnnualItem) -> str:
    return NOT_SENT if item.passed is None else PASSED if item.passed else FAILED


def standings(items: list[AnnualItem], today: date) -> list[Standing]:
    """Each unit's standing on `today`; late is an open item past its date."""
    return [Standing(i.unit, STATE_NAMES.get(i.state, i.state), _checks(i), i.due, i.submitted,
                     i.state in OPEN and i.due is not None and i.due < today, _included(i))
            for i in items]


def _included(item: AnnualItem) -> bool:
    return item.state == ACCEPTED and bool(item.passed) and item.figures is not None


@dataclass(frozen=True)
class Compilation:
    figures: AnnualFigures
    standings: tuple[Standing, ...]

    @property
    def included(self) -> list[str]:
        return [s.unit for s in self.standings if s.included]

    @property
    def missing(self) -> list[str]:
        return [s.unit for s in self.standings if not s.included]


def compile_annual(items: list[AnnualItem], issuer: str, year: int, today: date) -> Compilation:
    """The 本级 tables summed over the units included, and where every unit in scope stands."""
    figures = compiled([i.figures for i in items if _included(i)], issuer, year)
    return Compilation(figures, tuple(standings(items, today)))
