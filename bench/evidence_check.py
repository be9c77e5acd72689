"""How long checking evidence for personal data takes: a 2 MB web page (the most a link check reads) and a
2,000-row Excel list of the kind a 公示 attaches (best of 5 each).

Run: make bench   (or .venv/bin/python -m bench.evidence_check)
The page and the list repeat the Yongning plan's text with a name, a masked 身份证号 and a phone number a row;
one row in a hundred has its 身份证号 unmasked.
"""
import io
import time

from openpyxl import Workbook

from bench.expand_province import EXAMPLE
from importers.evidence_text import check_file, page_text
from workflows.personal_data import find_personal_data

ROWS = 2000
VALID_ID = "640121199003071232"


def _row(n: int) -> list[str]:
    return [str(n), f"张某{n}", VALID_ID if n % 100 == 0 else "640121********1232", "139****5678", "500元"]


def _page() -> str:
    words = (EXAMPLE / "plan.txt").read_text(encoding="utf-8")
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in _row(n)) + "</tr>" for n in range(1, ROWS + 1))
    body = f"<p>{words}</p><table>{rows}</table>"
    while len(body.encode()) < 2 * 1024 * 1024:
        body += f"<p>{words}</p>"
    return f"<html><head><title>公示</title></head><body>{body}</body></html>"


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "姓名", "身份证号", "联系电话", "金额"])
    for n in range(1, ROWS + 1):
        sheet.append(_row(n))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _best(work, times: int = 5) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    page = _page()
    seconds, found = _best(lambda: find_personal_data(page_text(page)[1]))
    print(f"evidence check of a 2 MB page (HTML parsed, {len(found)} findings): {seconds * 1000:.0f} ms")
    workbook = _xlsx()
    seconds, check = _best(lambda: check_file("名单.xlsx", workbook))
    print(f"evidence check of a {ROWS}-row Excel list ({len(check.findings)} findings): {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
