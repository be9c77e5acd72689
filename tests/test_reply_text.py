"""What a liaison writes back, and what Duban understands from it."""
from datetime import date

import pytest

from workflows.reply_text import read_reply, reply_date

TODAY = date(2022, 11, 23)   # a Wednesday


@pytest.mark.parametrize("text, seq, status, urls", [
    ("12号已完成 http://www.yongning.gov.cn/xxgk/12.html", "12", "done", ("http://www.yongning.gov.cn/xxgk/12.html",)),
    ("序号5推进中", "5", "progress", ()),
    ("第17项有困难，等司法局意见", "17", "blocked", ()),
    ("40号申请延期到下周五", "40", "extension", ()),
    ("已发布：https://a.gov.cn/x?id=3。", None, "done", ("https://a.gov.cn/x?id=3",)),
    ("收到", None, None, ()),
])
def test_a_reply_names_its_item_status_and_links(text, seq, status, urls):
    assert read_reply(text) == (seq, status, urls)


@pytest.mark.parametrize("text, expected", [
    ("明天", date(2022, 11, 24)),
    ("3天后", date(2022, 11, 26)),
    ("下周五", date(2022, 12, 2)),
    ("周五", date(2022, 11, 25)),
    ("本月底", date(2022, 11, 30)),
    ("下个月15号", date(2022, 12, 15)),
    ("下月底", date(2022, 12, 31)),
    ("11月30日", date(2022, 11, 30)),
    ("1月10日前完成", date(2023, 1, 10)),      # already past this year: next January
    ("2023年1月10日", date(2023, 1, 10)),
])
def test_plain_chinese_dates_are_read_relative_to_today(text, expected):
    assert reply_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["尽快", "过段时间", "2月30日"])
def test_what_is_not_a_date_is_not_guessed(text):
    assert reply_date(text, TODAY) is None
