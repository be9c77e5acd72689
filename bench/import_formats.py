"""How long reading and checking a 300-row task table takes, as Word and as Excel (best of 5);
and reading a prose plan of 1 and 3 MB, one paragraph wrapped over many lines (best of 3), whose
time grows with its size, not its square.

Run: make bench   (or .venv/bin/python -m bench.import_formats)
The table is the Yongning sample's 54 rows repeated to 300, built the way an office file is.
"""
import tempfile
import time
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from bench.expand_province import EXAMPLE
from importers.plan_file import read_plan_file
from importers.plan_text import read_plan_text
from importers.roster_file import load_roster
from workflows.check import check_plan

ROWS = 300
HEADER = ["序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限"]


def table_rows() -> list[list[str]]:
    tasks = read_plan_text((EXAMPLE / "plan.txt").read_text(encoding="utf-8")).tasks
    return [[str(i + 1), t.heading, t.content, t.metric, t.units_text, t.deadline_text]
            for i, t in enumerate(tasks[j % len(tasks)] for j in range(ROWS))]


def write_docx(path: Path, rows) -> None:
    document = Document()
    document.add_paragraph("永宁县2022年政务公开工作要点")
    table = document.add_table(rows=len(rows) + 1, cols=len(HEADER))
    for r, row in enumerate([HEADER, *rows]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    document.save(path)


def write_xlsx(path: Path, rows) -> None:
    workbook = Workbook()
    workbook.active.append(["永宁县2022年政务公开工作要点"])
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    workbook.save(path)


def best_of(runs: int, path: Path, roster) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        check = check_plan(read_plan_file(path), roster)
        timings.append(time.perf_counter() - start)
    assert len(check.rows) == ROWS and not check.errors
    return min(timings)


def prose_seconds(megabytes: int) -> float:
    """One numbered paragraph hard-wrapped over many lines, the case whose joining was quadratic."""
    line = "县司法局要做好规范性文件公开工作并及时报送\n"
    text = "永宁县2022年政务公开工作要点\n1.加强信息公开。\n" + line * (megabytes * 1024 * 1024 // len(line.encode()))
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        read_plan_text(text)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    rows, roster = table_rows(), load_roster(EXAMPLE / "roster.yaml")
    with tempfile.TemporaryDirectory() as folder:
        for suffix, write in (("docx", write_docx), ("xlsx", write_xlsx)):
            path = Path(folder) / f"plan.{suffix}"
            write(path, rows)
            print(f"read_and_check_{ROWS}_rows_{suffix}: {best_of(5, path, roster) * 1000:.0f} ms")
    for megabytes in (1, 3):
        print(f"read_prose_plan_{megabytes}_mb: {prose_seconds(megabytes):.1f} s")


if __name__ == "__main__":
    main()
