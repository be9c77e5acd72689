"""Official holiday schedules: chinesecalendar's tables plus the office's local file.

chinesecalendar knows the years up to its release; the State Council publishes
next year's schedule around November, before the package catches up, so the
office adds that year to a YAML file:

    2027:
      source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
      holidays: [2027-01-01, 2027-02-06..2027-02-12]   # ranges with ..
      workdays: [2027-02-14]                           # 调休: weekend days worked

A year in the file replaces the package's data for that year entirely.
"""
from collections import defaultdict
from importlib.metadata import version
from datetime import date, timedelta
from pathlib import Path

import yaml
from chinese_calendar import constants

from importers import unreadable
from workflows.calendar import WorkCalendar, YearSchedule
from workflows.errors import InputError

PACKAGE_SOURCE = "chinesecalendar {version}"


class CalendarFileError(InputError):
    """The local calendar file cannot be read; the message names the file and the entry."""


def package_schedules() -> list[YearSchedule]:
    by_year: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for day in constants.holidays:
        by_year[day.year][0].add(day)
    for day in constants.workdays:
        by_year[day.year][1].add(day)
    source = PACKAGE_SOURCE.format(version=version("chinesecalendar"))
    return [YearSchedule(y, frozenset(h), frozenset(w), source) for y, (h, w) in sorted(by_year.items())]


def _days(path: Path, year: int, entries: list) -> frozenset[date]:
    days: set[date] = set()
    for entry in ([entries] if isinstance(entries, str) and entries else entries or []):
        text = str(entry)
        try:
            first, _, last = text.partition("..")
            start = date.fromisoformat(first.strip())
            end = date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise CalendarFileError(f"{path}：{year}年：'{text}' 不是日期，"
                                    "也不是 2027-02-06..2027-02-12 这样的日期范围")
        if start.year != year or end.year != year or end < start:
            raise CalendarFileError(f"{path}：{year}年：'{text}' 不在 {year} 年内")
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    return frozenset(days)


def file_schedules(path: Path) -> list[YearSchedule]:
    try:  # BaseLoader keeps every scalar a string, so a bad date is reported by _days with its entry
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CalendarFileError(f"{path}：无法读取：{unreadable.reason(error)}")
    schedules = []
    for key, entry in data.items():
        year = int(key) if str(key).isdigit() else None
        if year is None or not isinstance(entry, dict) or not entry.get("source"):
            raise CalendarFileError(f"{path}：条目 '{key}' 应以年度为键，并用 source 写明国务院通知")
        schedules.append(YearSchedule(year, _days(path, year, entry.get("holidays")),
                                      _days(path, year, entry.get("workdays")), str(entry["source"])))
    return schedules


def load_calendar(override: Path | None = None) -> WorkCalendar:
    layers = [package_schedules()]
    if override is not None:
        layers.append(file_schedules(override))
    return WorkCalendar.from_schedules(*layers)
