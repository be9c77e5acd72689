"""`duban simulate` on the Yongning plan: day by day, who would be sent what, checked against the ladder's rule."""
import re
from collections import defaultdict
from datetime import date, timedelta

from openpyxl import load_workbook

from bot.cli.main import main
from tests.conftest import EXAMPLES
from workflows.due import due_items

YONGNING = EXAMPLES / "yongning-2022"
FIRST, LAST = date(2022, 11, 21), date(2022, 12, 9)
BEHAVIOUR = "default: silent\nunits:\n  县司法局: prompt\n  杨和镇: late\n"


def _simulate(capsys, tmp_path, behaviour: str = BEHAVIOUR):
    (tmp_path / "behaviour.yaml").write_text(behaviour, encoding="utf-8")
    status = main(["simulate", "--plan", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"),
                   "--from", FIRST.isoformat(), "--to", LAST.isoformat(),
                   "--behaviour", str(tmp_path / "behaviour.yaml"), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    return status, out, err


def _by_day(printed: str) -> dict[date, list[str]]:
    """day → the recipients of its messages, read from the day headers and the → lines."""
    days, current = {}, None
    for line in printed.splitlines():
        if header := re.match(r"(\d{4}-\d{2}-\d{2}) ", line):
            current = date.fromisoformat(header[1])
            assert current not in days, f"{current} printed twice"
            days[current] = []
        elif line.startswith("  → "):
            days[current].append(line[4:].split("：")[0])
    return days


def _days_after(check, calendar, unit: str, workdays: int) -> set[date]:
    """The days in the window that are `workdays` working days after one of the unit's due dates."""
    dues = {i.due for i in due_items(check.plan, list(check.rows), calendar) if i.unit == unit and i.due}
    return {d for d in (calendar.add_workdays(due, workdays).date for due in dues) if FIRST <= d <= LAST}


def _chased_again(check, calendar, unit: str) -> set[date]:
    """The days in the window the unit's items overdue before it are chased again: every 7 days after the leader
    heard (3 working days overdue), moved to the next working day."""
    leaders = {calendar.add_workdays(i.due, 3).date for i in due_items(check.plan, list(check.rows), calendar)
               if i.unit == unit and i.due and i.due < FIRST and i.kind != "monthly-feedback"}
    days = {calendar.add_workdays(leader + timedelta(days=7 * k - 1), 1).date
            for leader in leaders for k in range(1, 60)}
    return {d for d in days if FIRST <= d <= LAST}


def test_the_simulated_weeks_follow_the_ladder_for_each_behaviour(capsys, tmp_path, checks, calendar):
    status, printed, _ = _simulate(capsys, tmp_path)
    assert status == 0
    days = _by_day(printed)
    assert list(days) == [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    received = defaultdict(set)
    for day, names in days.items():
        for name in names:
            received[name].add(day)
    check = checks["yongning-2022"]
    # silent: the leader hears of it on the 3rd working day overdue, and only then
    assert received["望远镇分管领导"] == _days_after(check, calendar, "望远镇", 3) != set()
    # late (answers on the 2nd working day overdue): liaison B is told on the 1st, the leader never; what was
    # overdue before the simulation began is answered on its first day, after that day's weekly chase reached B
    first_day_chase = _chased_again(check, calendar, "杨和镇") & {FIRST}
    assert received["杨和镇联络员（B岗）"] == _days_after(check, calendar, "杨和镇", 1) | first_day_chase != set()
    assert received["杨和镇分管领导"] == set()
    # prompt (acts on the first reminder): nobody but liaison A ever hears of it, but for the first day's weekly
    # chase of what was overdue before the simulation began
    assert received["永宁县司法局联络员（B岗）"] == _chased_again(check, calendar, "永宁县司法局") & {FIRST}
    assert received["永宁县司法局分管领导"] == set()
    assert received["永宁县司法局联络员（A岗）"]
    assert all(not names for day, names in days.items() if not calendar.is_workday(day))   # quiet at weekends

    total = sum(len(names) for names in days.values())
    assert f"合计：{total} 条消息" in printed
    leader_row = next(line for line in printed.splitlines() if line.startswith("望远镇分管领导 "))
    assert leader_row.split()[1] == str(len(received["望远镇分管领导"]))
    mondays = [d for d in days if d.weekday() == 0 and calendar.is_workday(d)]
    out = tmp_path / "out"
    for monday in mondays:                     # the weekly digest's chart, and November's roll-up
        chart = out / f"周报-{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}.png"
        assert chart.read_bytes()[:4] == b"\x89PNG"
    rollup = load_workbook(out / "月反馈汇总-2022-11.xlsx").active
    answered = {r[0].value: r[1].value for r in rollup.iter_rows(min_row=int(rollup.freeze_panes[1:]))}
    assert answered["永宁县司法局"] == "已反馈" and answered["望远镇"] == "未反馈"


def test_a_behaviour_file_naming_an_unknown_unit_is_refused(capsys, tmp_path):
    status, _, err = _simulate(capsys, tmp_path, "units:\n  县司法所: prompt\n")
    assert status == 2 and "behaviour.yaml" in err and "县司法所" in err
    status, _, err = _simulate(capsys, tmp_path, "units:\n  县司法局: eager\n")
    assert status == 2 and "eager" in err
