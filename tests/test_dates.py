"""Dates in replies that are not Chinese go to dateparser; Chinese ones never do."""
from datetime import date

import pytest

from bot.services.dates import understood_date

TODAY = date(2022, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("2022-12-02", date(2022, 12, 2)),
    ("Dec 2", date(2022, 12, 2)),
    ("下周五", date(2022, 12, 2)),
    ("6月15日前", date(2023, 6, 15)),    # dateparser would have said 2021; Duban's grammar reads it
    ("soon", None),
    ("http://www.yongning.gov.cn/1.html", None),
])
def test_a_reply_date_is_read_or_left_unread(text, expected):
    assert understood_date(text, TODAY) == expected
