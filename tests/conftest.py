"""Shared fixtures: the sample plans shipped under examples/, read as a user would."""
from pathlib import Path

import pytest

from importers.calendar_data import load_calendar
from importers.plan_text import read_plan_text
from importers.roster_file import load_roster
from workflows.check import check_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLES = ("yongning-2022", "zhongwei-2022", "xingqing-xinfang-2022")


def sample_plan(name: str):
    return read_plan_text((EXAMPLES / name / "plan.txt").read_text(encoding="utf-8"))


def sample_roster(name: str):
    return load_roster(EXAMPLES / name / "roster.yaml")


@pytest.fixture(scope="session")
def calendar():
    return load_calendar()


@pytest.fixture(scope="session")
def checks():
    """plan check of every sample plan against its roster, by sample name."""
    return {name: check_plan(sample_plan(name), sample_roster(name)) for name in SAMPLES}
