"""Every document Duban writes, made from the Yongning sample, and a look at them as pages.

    .venv/bin/python -m documents.preview --out preview     # the files, and one PNG per page beside them

The PNGs come from LibreOffice (headless, PDF) and poppler's pdftoppm, both
Debian packages `make test` installs. The same documents are what
tests/test_documents.py opens and converts.
"""
import argparse
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from documents.cadence_files import circulation_document, inspection_workbook, rollup_workbook, score_workbook
from documents.ledger_xlsx import ledger_workbook
from documents.notice_docx import notice_document
from documents.official_docx import Letterhead
from documents.review_xlsx import review_workbook
from workflows.cadence import FeedbackReply, ItemFact, monthly_rollup, year_end_scores
from workflows.calendar import WorkCalendar
from workflows.check import check_plan
from workflows.ledger import LedgerLine
from workflows.rectification import RectificationNotice
from workflows.standing import NamingRules, as_of, inspection_list, standings

OFFICE = "永宁县人民政府办公室"
MADE = datetime(2022, 10, 8, 2, 15, tzinfo=UTC)          # 10:15 in Yongning, the first working day after Q3
SEEN = as_of(date(2022, 9, 30), MADE.date())
INJECTED = "=cmd|' /C calc'!A0"                           # a liaison's evidence that must stay text


def _fact(unit, seq, due, state="pending", submitted=None, kind="once", moved_from=None):
    return ItemFact(unit, seq, kind, due, state, submitted, original_due=moved_from)


FACTS = [
    _fact("杨和镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 13)),
    _fact("杨和镇", "", date(2022, 9, 25), "accepted", date(2022, 9, 23), kind="monthly-feedback"),
    _fact("李俊镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 14)),
    _fact("李俊镇", "", date(2022, 9, 25), kind="monthly-feedback"),
    _fact("望远镇", "53", date(2022, 9, 15)),
    _fact("望远镇", "28", date(2022, 9, 30)),
    _fact("望洪镇", "53", date(2022, 9, 15), "accepted", date(2022, 9, 15)),
    _fact("望洪镇", "28", date(2022, 9, 30), "blocked"),
    _fact("闽宁镇", "53", date(2022, 9, 15), "held"),
    _fact("闽宁镇", "28", date(2022, 9, 30), moved_from=date(2022, 9, 15)),
    _fact("永宁县司法局", "6", date(2022, 9, 20), "accepted", date(2022, 9, 19), moved_from=date(2022, 8, 31)),
    _fact("永宁县司法局", "53", date(2022, 9, 15), "accepted", date(2022, 9, 20)),
]
FEEDBACK = (FeedbackReply("杨和镇", "9月已在政府网站公开财政预决算信息，专栏更新3条。", "http://www.nxyn.gov.cn/xxgk/"),
            FeedbackReply("望洪镇", "专栏改版中，等待网信部门开通权限。", INJECTED))


def _ledger_lines() -> list[LedgerLine]:
    feedback = LedgerLine("", "月反馈", "", "", "永宁县司法局", "月反馈", date(2022, 9, 25), "pending", None, "", ())
    done = LedgerLine("17", "推进政务公开标准化规范化", "全面梳理公开事项，编制公开目录", "查看政府网站发布信息",
                      "永宁县司法局", "2022年11月底", date(2022, 11, 30), "accepted",
                      datetime(2022, 11, 28, 2, tzinfo=UTC), "http://www.yongning.gov.cn/xxgk/17.html\n" + INJECTED,
                      ((datetime(2022, 11, 29, 3, tzinfo=UTC), "", "accept", ""),))
    late = LedgerLine("16", "推进政务公开标准化规范化", "完善基层政务公开标准目录", "查看政府网站发布信息",
                      "永宁县司法局", "2022年9月", date(2022, 9, 30), "pending", None, "", ())
    return [feedback, done, late]


def sample_documents(calendar: WorkCalendar, plan, roster) -> dict[str, bytes]:
    """file name → bytes, for every kind of document Duban writes."""
    rules = NamingRules()
    ranking = standings(FACTS, date(2022, 7, 1), SEEN, calendar, rules)
    head = Letterhead(OFFICE, f"{OFFICE}通报〔2022〕3号", MADE, MADE.date())
    notice = RectificationNotice(2, "望远镇", ("53", "28"), "政府信息公开专栏未按期更新", date(2022, 10, 8),
                                 date(2022, 10, 24))
    zone = datetime.now().astimezone().tzinfo
    return {
        "季度通报.docx": circulation_document("关于永宁县2022年政务公开工作要点落实情况的通报（2022Q3）", head,
                                          date(2022, 7, 1), SEEN, ranking, rules),
        "整改通知书.docx": notice_document(notice, Letterhead(OFFICE, f"{OFFICE}整改〔2022〕2号", MADE, MADE.date()),
                                       plan.title, [("53", "政务公开专栏建设"), ("28", "政策解读")]),
        "月反馈汇总.xlsx": rollup_workbook("永宁县2022年政务公开工作要点 月反馈汇总（2022-09）", SEEN,
                                      monthly_rollup(FACTS, date(2022, 9, 1), SEEN.seen, FEEDBACK)),
        "半年督查名单.xlsx": inspection_workbook("永宁县2022年政务公开工作要点 半年督查名单（2022H2）", SEEN,
                                          inspection_list(FACTS, date(2022, 7, 1), SEEN, calendar, rules), rules),
        "年底考评.xlsx": score_workbook("永宁县2022年政务公开工作要点 年底考评得分（2022）", SEEN,
                                    year_end_scores(FACTS, SEEN.seen, {"2022Q3": ["望远镇"]})),
        "工作台账.xlsx": ledger_workbook("永宁县2022年政务公开工作要点工作台账（永宁县司法局）", _ledger_lines(), zone,
                                     date(2022, 10, 8)),
        "审核表.xlsx": review_workbook(check_plan(plan, roster)),
    }


def to_pdf(files: list[Path], out: Path) -> subprocess.CompletedProcess:
    """LibreOffice headless, in a profile of its own so that runs side by side do not share one."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                              capture_output=True, text=True, timeout=300)


def main() -> None:
    from importers.calendar_data import load_calendar
    from importers.plan_text import read_plan_text
    from importers.roster_file import load_roster
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="preview")
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    sample = Path(__file__).resolve().parent.parent / "examples" / "yongning-2022"
    plan = read_plan_text((sample / "plan.txt").read_text(encoding="utf-8"))
    files = []
    for name, data in sample_documents(load_calendar(), plan, load_roster(sample / "roster.yaml")).items():
        (out / name).write_bytes(data)
        files.append(out / name)
    to_pdf(files, out)
    for pdf in sorted(out.glob("*.pdf")):
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
