"""The checks reviewers apply to a 政府信息公开工作年度报告's tables, each a function returning what it found.

Errors stop a workbook from counting as submitted; warnings (a figure that moved
beyond 5× or below 0.2× of last year's) are questions worth asking, not faults.
Each finding names its cells, so the reply can point at them in the workbook. A
sum is only checked when all its cells hold numbers: a blank or a word is
reported once, by `blank_cells` or `not_counts`, not again in every sum it spoils.
"""
from dataclasses import dataclass

from workflows.annual_report import (AMOUNTS, CARRIED_IN, CARRIED_OUT, CELLS, IN_FORCE, ISSUED, NEW, REPEALED,
                                     RESULTS, RESULTS_TOTAL, T2, T3, T4, TABLE2, TABLE3_COLUMNS, TABLE3_ROWS,
                                     TABLE4_OUTCOMES, TABLE4_ROWS, TOTAL, AnnualFigures, Cell, number)

GROWTH, SHRINK = 5, 0.2


@dataclass(frozen=True)
class Finding:
    text: str
    cells: tuple[Cell, ...]
    warning: bool = False


def shown(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _values(report: AnnualFigures, cells: tuple[Cell, ...]) -> tuple | None:
    values = tuple(report.value(c) for c in cells)
    return None if any(v is None for v in values) else values


def blank_cells(report: AnnualFigures) -> list[Finding]:
    """Every cell filled: a table with holes cannot be added up (没有的填0)."""
    blank = tuple(c for c in CELLS if report.cells.get(c) is None or str(report.cells[c]).strip() in ("", "/"))
    by_table = {t: tuple(c for c in blank if c[0] == t) for t in (T2, T3, T4)}
    return [Finding(f"表{t}有{len(cells)}个单元格未填（没有的请填0）", cells) for t, cells in by_table.items() if cells]


def not_counts(report: AnnualFigures) -> list[Finding]:
    """Counts are non-negative whole numbers; the fees (万元) non-negative amounts."""
    found = []
    for cell in CELLS:
        raw = report.cells.get(cell)
        if raw is None or str(raw).strip() in ("", "/"):
            continue
        value = number(raw)
        whole = cell in AMOUNTS or isinstance(value, int)
        if value is None or value < 0 or not whole:
            wanted = "不小于0的金额" if cell in AMOUNTS else "不小于0的整数"
            found.append(Finding(f"表{cell[0]}“{cell[1]}”行“{cell[2]}”列：“{raw}”不是{wanted}", (cell,)))
    return found


def result_sums(report: AnnualFigures) -> list[Finding]:
    """表三: （一）+（二）+（三）1–8+（四）1–3+（五）1–5+（六）1–3 = （七）总计, in every column."""
    found = []
    for column in TABLE3_COLUMNS:
        parts = tuple((T3, row, column) for row, _ in RESULTS)
        total = (T3, RESULTS_TOTAL, column)
        values = _values(report, parts + (total,))
        if values and sum(values[:-1]) != values[-1]:
            found.append(Finding(f"表三“{column}”列：（一）至（六）各项之和 {shown(sum(values[:-1]))} ≠ （七）总计 "
                                 f"{shown(values[-1])}", parts + (total,)))
    return found


def conservation(report: AnnualFigures) -> list[Finding]:
    """表三: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理, in every column (the table's 勾稽关系)."""
    found = []
    for column in TABLE3_COLUMNS:
        cells = tuple((T3, row, column) for row in (NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OUT))
        values = _values(report, cells)
        if values and values[0] + values[1] != values[2] + values[3]:
            new, carried, done, left = map(shown, values)
            found.append(Finding(f"表三“{column}”列：本年新收 {new} + 上年结转 {carried} ≠ 办理结果总计 {done} + "
                                 f"结转下年度 {left}", cells))
    return found


def row_totals(report: AnnualFigures) -> list[Finding]:
    """表三: in every row, 总计 = 自然人 + the five 法人或其他组织 columns."""
    found = []
    for row, _ in TABLE3_ROWS:
        cells = tuple((T3, row, column) for column in TABLE3_COLUMNS)
        values = _values(report, cells)
        if values and sum(values[:-1]) != values[-1]:
            found.append(Finding(f"表三“{row}”行：自然人与法人或其他组织各列之和 {shown(sum(values[:-1]))} ≠ 总计 "
                                 f"{shown(values[-1])}", cells))
    return found


def review_totals(report: AnnualFigures) -> list[Finding]:
    """表四: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计, for 行政复议 and both kinds of 行政诉讼."""
    found = []
    for row in TABLE4_ROWS:
        cells = tuple((T4, row, column) for column in (*TABLE4_OUTCOMES, TOTAL))
        values = _values(report, cells)
        if values and sum(values[:-1]) != values[-1]:
            found.append(Finding(f"表四“{row}”：结果维持、结果纠正、其他结果、尚未审结之和 {shown(sum(values[:-1]))} ≠ "
                                 f"总计 {shown(values[-1])}", cells))
    return found


def carry_over(last: AnnualFigures, report: AnnualFigures) -> list[Finding]:
    """Across years: last year's 结转下年度继续办理 = this year's 上年结转, in every column."""
    found = []
    for column in TABLE3_COLUMNS:
        before, now = last.value((T3, CARRIED_OUT, column)), report.value((T3, CARRIED_IN, column))
        if before is not None and now is not None and before != now:
            found.append(Finding(f"表三“{column}”列：上年结转 {shown(now)}，但{last.year}年报告的结转下年度为 "
                                 f"{shown(before)}", ((T3, CARRIED_IN, column),)))
    return found


def in_force(last: AnnualFigures, report: AnnualFigures) -> list[Finding]:
    """Across years: this year's 现行有效件数 = last year's + 本年制发 − 本年废止, for 规章 and 规范性文件."""
    found = []
    for row, columns in TABLE2:
        if IN_FORCE not in columns:
            continue
        before = last.value((T2, row, IN_FORCE))
        cells = tuple((T2, row, column) for column in (ISSUED, REPEALED, IN_FORCE))
        values = _values(report, cells)
        if before is not None and values and before + values[0] - values[1] != values[2]:
            issued, repealed, now = map(shown, values)
            found.append(Finding(f"表二“{row}”：{last.year}年现行有效 {shown(before)} + 本年制发 {issued} − 本年废止 "
                                 f"{repealed} = {shown(before + values[0] - values[1])} ≠ 现行有效 {now}", cells))
    return found


HEADLINES: tuple[Cell, ...] = (
    *((T2, row, columns[0]) for row, columns in TABLE2),
    (T3, NEW, TOTAL), *((T4, row, TOTAL) for row in TABLE4_ROWS),
)


def year_on_year(last: AnnualFigures, report: AnnualFigures) -> list[Finding]:
    """Warnings: a headline figure beyond 5× or below 0.2× of last year's is worth a question."""
    found = []
    for cell in HEADLINES:
        before, now = last.value(cell), report.value(cell)
        if before and now is not None and not SHRINK * before <= now <= GROWTH * before:
            found.append(Finding(f"表{cell[0]}“{cell[1]}”{cell[2]}：{shown(now)}，{last.year}年为 {shown(before)}"
                                 f"，变化超过5倍或不足0.2倍，请核实", (cell,), warning=True))
    return found


def check_report(report: AnnualFigures, last: AnnualFigures | None = None) -> tuple[Finding, ...]:
    """All the checks; the across-year ones when last year's figures are known."""
    found = [*blank_cells(report), *not_counts(report), *result_sums(report), *conservation(report),
             *row_totals(report), *review_totals(report)]
    if last is not None:
        found += [*carry_over(last, report), *in_force(last, report), *year_on_year(last, report)]
    return tuple(found)


def passes(findings: tuple[Finding, ...]) -> bool:
    return not any(not f.warning for f in findings)
