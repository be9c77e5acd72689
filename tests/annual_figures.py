"""Annual-report figures for the tests, from a real report.

永宁县's 2018 政府信息公开工作年度报告 (examples' source: ../shared/seeds/yongning-2018-annual-report.txt,
统计表) in the 2021 format: 12 规范性文件 issued; 1 application (网络申请, by a person), answered 告知通过其他途径办理
(now （六）其他处理 3.其他); 1 行政复议 closed with 其他情形; no 行政诉讼; no fees.
"""
from io import BytesIO

from openpyxl import load_workbook

from documents.annual_report_layout import POSITIONS, SHEETS
from workflows.annual_report import (CELLS, CARRIED_IN, CARRIED_OUT, IN_FORCE, ISSUED, NATURAL, NEW, RESULTS_TOTAL,
                                     T2, T3, T4, TOTAL, AnnualFigures)

UNIT = "永宁县司法局"
REVIEW = "行政复议"


def figures(unit: str = UNIT, year: int = 2022, **changed) -> AnnualFigures:
    """Yongning 2018's figures for `unit` and `year`, with `changed` cells ({cell: value}, via cells=…) set."""
    cells = dict.fromkeys(CELLS, 0)
    cells.update({(T2, "行政规范性文件", ISSUED): 12, (T2, "行政规范性文件", IN_FORCE): 12,
                  (T3, NEW, NATURAL): 1, (T3, NEW, TOTAL): 1,
                  (T3, "其他处理3", NATURAL): 1, (T3, "其他处理3", TOTAL): 1,
                  (T3, RESULTS_TOTAL, NATURAL): 1, (T3, RESULTS_TOTAL, TOTAL): 1,
                  (T4, REVIEW, "其他结果"): 1, (T4, REVIEW, TOTAL): 1})
    cells.update(changed.get("cells", {}))
    return AnnualFigures(unit, year, cells)


def carried_out(count: int) -> dict:
    """Of the year's one application, `count` left open (结转下年度) instead of answered."""
    return {(T3, CARRIED_OUT, NATURAL): count, (T3, CARRIED_OUT, TOTAL): count,
            (T3, RESULTS_TOTAL, NATURAL): 1 - count, (T3, RESULTS_TOTAL, TOTAL): 1 - count,
            (T3, "其他处理3", NATURAL): 1 - count, (T3, "其他处理3", TOTAL): 1 - count}


def carried_in(count: int) -> dict:
    """`count` applications came over from last year and were answered this year."""
    return {(T3, CARRIED_IN, NATURAL): count, (T3, CARRIED_IN, TOTAL): count,
            (T3, RESULTS_TOTAL, NATURAL): 1 + count, (T3, RESULTS_TOTAL, TOTAL): 1 + count,
            (T3, "其他处理3", NATURAL): 1 + count, (T3, "其他处理3", TOTAL): 1 + count}


def fill(template: bytes, report: AnnualFigures) -> bytes:
    """The template filled in as a liaison does in Excel: a value typed into each shaded cell."""
    book = load_workbook(BytesIO(template))
    for cell, coordinate in POSITIONS.items():
        book[SHEETS[cell[0]]][coordinate] = report.cells.get(cell)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
