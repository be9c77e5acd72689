"""Report periods as the office writes them."""
from datetime import date

import pytest

from workflows.periods import period_bounds


@pytest.mark.parametrize("text, first, last", [
    ("2022-W47", date(2022, 11, 21), date(2022, 11, 27)),
    ("2022-11", date(2022, 11, 1), date(2022, 11, 30)),
    ("2022Q3", date(2022, 7, 1), date(2022, 9, 30)),
    ("2022H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("2022", date(2022, 1, 1), date(2022, 12, 31)),
])
def test_a_period_means_these_days(text, first, last):
    assert period_bounds(text) == (first, last)


def test_an_unknown_period_is_refused_naming_it():
    with pytest.raises(ValueError, match="2022-13-x"):
        period_bounds("2022-13-x")
