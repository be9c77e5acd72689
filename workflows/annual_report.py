"""The statutory 政府信息公开工作年度报告's three tables, in the format in force (国办公开办函〔2021〕30号).

Each department reports to the 本级 office by 1月31日 (《政府信息公开条例》第四十九条); the
office compiles the 本级 tables by summing the units' figures cell by cell (现行有效件数 too).
A cell is named by (table, row, column); a unit's figures are kept as read, blanks and
text included, so that the checks (workflows.annual_checks) can name what is wrong.
"""
import re
from dataclasses import dataclass, field
from typing import Mapping

Cell = tuple[str, str, str]      # (table, row, column), e.g. ("三", "本年新收", "自然人")
T2, T3, T4 = "二", "三", "四"
ANNUAL_REPORT = re.compile(r"政府信息公开(?:工作)?年度报告")

ISSUED, REPEALED, IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
DECISIONS, FEES = "本年处理决定数量", "本年收费金额（万元）"
TABLE2: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("规章", (ISSUED, REPEALED, IN_FORCE)), ("行政规范性文件", (ISSUED, REPEALED, IN_FORCE)),
    ("行政许可", (DECISIONS,)), ("行政处罚", (DECISIONS,)), ("行政强制", (DECISIONS,)),
    ("行政事业性收费", (FEES,)),
)

NATURAL, TOTAL = "自然人", "总计"
ORGANISATIONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TABLE3_COLUMNS = (NATURAL, *ORGANISATIONS, TOTAL)
NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OUT = "本年新收", "上年结转", "办理结果总计", "结转下年度"


def _numbered(group: str, items: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f"{group}{n}", f"{n}.{label}") for n, label in enumerate(items, start=1))


# (key, label as printed); the results (三、本年度办理结果) are the rows between 上年结转 and 办理结果总计
RESULTS: tuple[tuple[str, str], ...] = (
    ("予以公开", "（一）予以公开"),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    *_numbered("不予公开", ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
                        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")),
    *_numbered("无法提供", ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    *_numbered("不予处理", ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                        "要求行政机关确认或重新出具已获取信息")),
    *_numbered("其他处理", ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")),
)
TABLE3_ROWS: tuple[tuple[str, str], ...] = (
    (NEW, "一、本年新收政府信息公开申请数量"), (CARRIED_IN, "二、上年结转政府信息公开申请数量"),
    *RESULTS, (RESULTS_TOTAL, "（七）总计"), (CARRIED_OUT, "四、结转下年度继续办理"),
)
# the group headings printed above the numbered results, by the first row of each group
RESULT_GROUPS = {"不予公开1": "（三）不予公开", "无法提供1": "（四）无法提供", "不予处理1": "（五）不予处理",
                 "其他处理1": "（六）其他处理"}

TABLE4_ROWS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
TABLE4_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
TABLE4_COLUMNS = (*TABLE4_OUTCOMES, TOTAL)

CELLS: tuple[Cell, ...] = (
    *((T2, row, column) for row, columns in TABLE2 for column in columns),
    *((T3, row, column) for row, _ in TABLE3_ROWS for column in TABLE3_COLUMNS),
    *((T4, row, column) for row in TABLE4_ROWS for column in TABLE4_COLUMNS),
)
AMOUNTS = frozenset({(T2, "行政事业性收费", FEES)})     # 万元, may have decimals; every other cell is a count


def is_annual_report(detail: str) -> bool:
    """Whether a due item is the annual report: its rule was read from words naming it."""
    return bool(ANNUAL_REPORT.search(detail))


def number(value: object) -> int | float | None:
    """The value as a number, or None when it is blank, text or a boolean."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class AnnualFigures:
    """One unit's (or the compiled 本级) tables for one year; `cells` holds values as read (None when blank)."""
    unit: str
    year: int
    cells: Mapping[Cell, object] = field(default_factory=dict)

    def value(self, cell: Cell) -> int | float | None:
        return number(self.cells.get(cell))


def compiled(reports: list[AnnualFigures], unit: str, year: int) -> AnnualFigures:
    """The 本级 tables: every cell summed over `reports` (a blank counts as 0)."""
    totals = {cell: sum(r.value(cell) or 0 for r in reports) for cell in CELLS}
    return AnnualFigures(unit, year, {cell: round(v, 4) if cell in AMOUNTS else v for cell, v in totals.items()})


def carried_forward(last: AnnualFigures | None, unit: str, year: int) -> AnnualFigures:
    """This year's figures known from last year's: its 结转下年度 is this year's 上年结转."""
    if last is None:
        return AnnualFigures(unit, year)
    return AnnualFigures(unit, year, {(T3, CARRIED_IN, column): last.value((T3, CARRIED_OUT, column))
                                      for column in TABLE3_COLUMNS})
