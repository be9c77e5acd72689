"""The stored workflow from the command line: upgrade, import, read back, audit, back up, restore."""
import json

from bot.cli.main import main
from tests.conftest import EXAMPLES

YONGNING = EXAMPLES / "yongning-2022"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_commands_refuse_a_database_without_tables_and_name_the_fix(capsys, database_url):
    status, _, err = run(capsys, "due")
    assert status == 2 and "duban db upgrade" in err


def test_import_then_read_due_items_back_from_the_database(capsys, database_url):
    assert run(capsys, "db", "upgrade")[0] == 0
    status, out, _ = run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    assert status == 0 and "新增 940 项" in out
    status, out, _ = run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    assert "未作改动" in out
    status, out, _ = run(capsys, "due", "--unit", "县司法局", "--format", "json")
    items = json.loads(out)
    assert len(items) == 36 and {i["state"] for i in items} == {"pending"}
    assert next(i for i in items if i["seq"] == "52")["due"] == "2022-06-15"


def test_audit_verify_export_backup_and_restore(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    backup_file = tmp_path / "duban.backup"
    assert run(capsys, "backup", "--out", str(backup_file))[0] == 0
    status, out, _ = run(capsys, "audit", "verify")
    assert status == 0 and "共 2 条" in out                          # the import and the backup
    export = tmp_path / "audit.json"
    run(capsys, "audit", "export", "--format", "json", "--out", str(export))
    assert [e["action"] for e in json.loads(export.read_text(encoding="utf-8"))] == [
        "plan.import", "db.backup", "audit.export"]
    assert run(capsys, "restore", str(backup_file))[0] == 0
    status, out, _ = run(capsys, "audit", "verify")
    assert status == 0 and "共 3 条" in out                          # backup's two, plus the restore
    assert len(json.loads(run(capsys, "due", "--format", "json")[1])) == 940


def test_restore_refuses_a_file_that_is_not_a_backup(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database", encoding="utf-8")
    status, _, err = run(capsys, "restore", str(bogus))
    assert status == 2 and err.strip()


def test_the_review_workbook_round_trip_applies_the_offices_correction(capsys, database_url, tmp_path):
    from openpyxl import load_workbook
    from sqlmodel import Session, select
    from store.db import make_engine
    from store.tables import DueItemRow
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    review = tmp_path / "review.xlsx"
    assert run(capsys, "plan", "export", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"),
               "--out", str(review))[0] == 0
    book = load_workbook(review)
    sheet = book.active
    header = [c.value for c in sheet[4]]
    assert header[:6] == ["序号", "重点工作", "主要内容", "量化指标", "责任单位", "完成时限"]
    row17 = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "17")
    assert row17[header.index("【督办】识别的单位")].value == "永宁县司法局"
    assert row17[header.index("【督办】首个到期日")].value == "2022-11-30"
    row17[header.index("完成时限")].value = "2022年12月"            # the office corrects row 17 in Excel
    book.save(review)
    status, out, _ = run(capsys, "import", str(review), "--roster", str(YONGNING / "roster.yaml"))
    assert status == 0 and "改动行 17" in out and "新增行 无" in out
    engine = make_engine(database_url)
    with Session(engine) as session:
        dues = session.execute(select(DueItemRow.due).where(DueItemRow.row == 17)).scalars().all()
    engine.dispose()
    assert set(dues) == {__import__("datetime").date(2022, 12, 31)}


def test_candidate_tasks_are_confirmed_through_the_review_workbook(capsys, database_url, tmp_path):
    from openpyxl import load_workbook
    run(capsys, "db", "upgrade")
    body = tmp_path / "正文.txt"
    body.write_text((YONGNING / "plan.txt").read_text(encoding="utf-8").split("附件：")[0], encoding="utf-8")
    status, out, _ = run(capsys, "import", str(body), "--roster", str(YONGNING / "roster.yaml"))
    assert status == 1 and "未保存" in out
    review = tmp_path / "候选.xlsx"
    run(capsys, "plan", "export", str(body), "--roster", str(YONGNING / "roster.yaml"), "--out", str(review))
    book = load_workbook(review)
    sheet = book.active
    header = [c.value for c in sheet[4]]
    rows = list(sheet.iter_rows(min_row=5))
    for row in rows:                                # the office sets the dates and the units it confirms
        if not row[header.index("完成时限")].value:
            row[header.index("完成时限")].value = "2022年11月"
        if "名册中没有" in (row[header.index("【督办】问题")].value or "") or not row[header.index("责任单位")].value:
            row[header.index("责任单位")].value = "各部门（单位）"
    book.save(review)
    status, out, _ = run(capsys, "import", str(review), "--roster", str(YONGNING / "roster.yaml"))
    assert status == 0, out
    assert f"读取 {len(rows)} 行" in out


def test_a_roster_is_stored_from_excel_and_the_import_is_audited(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    workbook = tmp_path / "名册.xlsx"
    run(capsys, "roster", "export", "--roster", str(YONGNING / "roster.yaml"), "--out", str(workbook))
    status, out, _ = run(capsys, "roster", "import", str(workbook))
    assert status == 0 and "28 个单位" in out
    export = tmp_path / "audit.json"
    run(capsys, "audit", "export", "--format", "json", "--out", str(export))
    assert [e["action"] for e in json.loads(export.read_text(encoding="utf-8"))][0] == "roster.import"


def test_the_ledger_shows_status_completion_evidence_and_verification(capsys, database_url, tmp_path):
    from datetime import date, datetime, timezone
    from openpyxl import load_workbook
    from sqlmodel import Session, select
    from store import items
    from store.audit import Actor
    from store.db import make_engine
    from store.tables import DueItemRow, UnitRow
    from store.uow import UnitOfWork
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    engine = make_engine(database_url)
    with Session(engine) as session:
        row17 = session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
            UnitRow.name == "永宁县司法局", DueItemRow.row == 17)).scalar_one()
    moments = iter([datetime(2022, 11, 28, 2, 0, tzinfo=timezone.utc),
                    datetime(2022, 11, 29, 3, 0, tzinfo=timezone.utc)])
    for action, who in (("submit", "liaison"), ("accept", "admin")):
        with UnitOfWork(engine, lambda: next(moments), Actor(who, who)) as uow:
            items.act(uow, row17, action, by_office=who == "admin",
                      evidence=items.Evidence(urls=("http://www.yongning.gov.cn/xxgk/17.html",)) if action == "submit"
                      else items.Evidence())
            uow.commit()
    engine.dispose()
    out = tmp_path / "台账.xlsx"
    status, printed, _ = run(capsys, "export", "ledger", "--unit", "县司法局", "--out", str(out))
    assert status == 0 and "36 项" in printed
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[2]]
    lines = {r[0].value: r for r in sheet.iter_rows(min_row=3) if r[0].value}
    done = lines["17"]
    assert sheet["A1"].value.endswith("工作台账（永宁县司法局）")
    assert done[header.index("状态")].value == "已办结"
    assert done[header.index("完成日期")].value.date() == date(2022, 11, 28)          # a date cell, not text
    assert done[header.index("佐证材料")].value == "http://www.yongning.gov.cn/xxgk/17.html"
    assert done[header.index("审核情况")].value == "2022-11-29 政务公开办 通过"
    assert lines["16"][header.index("状态")].value == "待办"


def test_the_quarterly_circulation_ranks_units_and_names_the_late_ones(capsys, database_url, tmp_path):
    from datetime import date, datetime, time, timedelta
    from zoneinfo import ZoneInfo
    from docx import Document
    from openpyxl import load_workbook
    from sqlmodel import Session, select
    from store import items
    from store.audit import Actor
    from store.db import make_engine
    from store.tables import DueItemRow, UnitRow
    from store.uow import UnitOfWork
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    engine = make_engine(database_url)
    with Session(engine) as session:     # 永宁县司法局 answers every Q3 item the day before it is due
        q3 = session.execute(
            select(DueItemRow.id, DueItemRow.due).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
                UnitRow.name == "永宁县司法局", DueItemRow.due.between(date(2022, 7, 1), date(2022, 9, 30)))).all()
    for item_id, due in q3:
        at = datetime.combine(due - timedelta(days=1), time(10), ZoneInfo("Asia/Shanghai"))
        for action in ("submit", "accept"):
            with UnitOfWork(engine, lambda: at, Actor("test")) as uow:
                items.act(uow, item_id, action, by_office=action == "accept")
                uow.commit()
    engine.dispose()
    circulation, rollup = tmp_path / "通报.docx", tmp_path / "月反馈.xlsx"
    assert run(capsys, "report", "quarterly", "--period", "2022Q3", "--out", str(circulation))[0] == 0
    document = Document(circulation)
    ranking = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    assert ranking[0][:5] == ["第1", "永宁县司法局", str(len(q3)), str(len(q3)), "100%"]
    assert all(row[4] == "0%" for row in ranking[1:])                  # nobody else answered anything
    named = [p.text.split("：")[0] for p in document.paragraphs if "到期，逾期" in p.text]
    assert "杨和镇" in named and "永宁县司法局" not in named
    assert run(capsys, "report", "monthly", "--period", "2022-09", "--out", str(rollup))[0] == 0
    sheet = load_workbook(rollup).active
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=int(sheet.freeze_panes[1:]))}
    assert rows["永宁县司法局"][1] == "已反馈" and rows["杨和镇"][1] == "未反馈"
    scores_file = tmp_path / "考评.xlsx"
    assert run(capsys, "report", "year-end", "--period", "2022", "--out", str(scores_file))[0] == 0
    detail = [[c.value for c in r] for r in load_workbook(scores_file)["扣分明细"].iter_rows(min_row=2)]
    assert not any(d[1] == "2022年第三季度被通报" for d in detail)     # a draft names nobody
    status, printed, _ = run(capsys, "report", "circulate", "--period", "2022Q3")
    assert status == 0 and "杨和镇" in printed
    status, _, error = run(capsys, "report", "circulate", "--period", "2022q3")
    assert status == 2 and "已经印发过" in error
    assert run(capsys, "report", "year-end", "--plan", str(YONGNING / "plan.txt"), "--period", "2022",
               "--out", str(scores_file))[0] == 0
    book = load_workbook(scores_file)
    detail = [[c.value for c in r] for r in book["扣分明细"].iter_rows(min_row=2)]
    judicial_q3 = [d for d in detail
                   if d[0] == "永宁县司法局" and d[3] and date(2022, 7, 1) <= d[3].date() <= date(2022, 9, 30)]
    assert judicial_q3 == []                                           # its on-time Q3 items cost nothing
    assert any(d[0] == "杨和镇" and d[1] == "2022年第三季度被通报" for d in detail)
    chart = tmp_path / "周报.png"
    status, printed, _ = run(capsys, "report", "weekly", "--period", "2022-W40", "--out", str(chart))
    assert status == 0 and printed.startswith("【督办周报】2022年10月3日—10月9日")
    # its on-time record leads nobody's worry list
    assert "永宁县司法局" not in printed.split("按时完成率最低的单位")[1]
    assert chart.read_bytes().startswith(b"\x89PNG")
    inspection = tmp_path / "督查.xlsx"
    assert run(capsys, "report", "half-year", "--period", "2022H2", "--out", str(inspection))[0] == 0
    sheet = load_workbook(inspection).active
    listed = [r[1].value for r in sheet.iter_rows(min_row=int(sheet.freeze_panes[1:]))]
    assert len(listed) >= 5 and "永宁县司法局" not in listed          # the one unit that answered is not the weakest


def test_a_rectification_notice_is_a_document_and_a_tracked_item_with_its_own_deadline(capsys, database_url, tmp_path):
    from zoneinfo import ZoneInfo
    from docx import Document
    from sqlmodel import Session, select
    from importers.calendar_data import load_calendar
    from store.db import make_engine
    from store.tables import DueItemRow
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    out = tmp_path / "整改通知书.docx"
    status, _, error = run(capsys, "notice", "--unit", "县司法局", "--items", "17,99", "--problem", "x",
                           "--out", str(out))
    assert status == 2 and "序号 99" in error and not out.exists()
    status, printed, _ = run(capsys, "notice", "--unit", "县司法局", "--items", "17、16",
                             "--problem", "规范性文件未在专栏集中公开", "--out", str(out))
    assert status == 0 and "第1号" in printed
    text = "\n".join(p.text for p in Document(out).paragraphs)
    rows = [[c.text for c in r.cells] for r in Document(out).tables[0].rows]
    assert "永宁县司法局：" in text and "规范性文件未在专栏集中公开" in text
    assert [r[0] for r in rows] == ["序号", "17", "16"]
    engine = make_engine(database_url)
    with Session(engine) as session:
        item = session.execute(select(DueItemRow).where(DueItemRow.kind == "rectification")).scalar_one()
    engine.dispose()
    issued = item.updated_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert item.due == load_calendar().add_workdays(issued, 10).date      # 10 working days, holidays skipped
    assert "整改通知书第1号（序号17、16）" in item.detail
    revised = tmp_path / "plan.txt"                                   # a revision moves one deadline
    text = (YONGNING / "plan.txt").read_text(encoding="utf-8")
    revised.write_text(text.replace("2022 年 11\n\n月\n\n17", "2022 年 12\n\n月\n\n17"), encoding="utf-8")
    status, printed, _ = run(capsys, "import", str(revised), "--roster", str(YONGNING / "roster.yaml"))
    assert status == 0 and "已保存（第2版）" in printed and "删除 1 项" in printed
    engine = make_engine(database_url)
    with Session(engine) as session:                                  # re-importing the plan keeps the office's notice
        assert session.execute(select(DueItemRow.id).where(DueItemRow.kind == "rectification")).scalar_one() == item.id
    engine.dispose()


def test_the_monthly_rollup_carries_what_a_unit_wrote_in_its_feedback_round(capsys, database_url, tmp_path):
    from datetime import date, datetime, timezone
    from openpyxl import load_workbook
    from sqlmodel import Session, select
    from store import items
    from store.audit import Actor
    from store.db import make_engine
    from store.tables import DueItemRow, UnitRow
    from store.uow import UnitOfWork
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    engine = make_engine(database_url)
    with Session(engine) as session:
        feedback = session.execute(select(DueItemRow.id).join(UnitRow, UnitRow.id == DueItemRow.unit_id).where(
            UnitRow.name == "杨和镇", DueItemRow.kind == "monthly-feedback",
            DueItemRow.due.between(date(2022, 9, 1), date(2022, 9, 30)))).scalar_one()
    with UnitOfWork(engine, lambda: datetime(2022, 9, 23, 2, tzinfo=timezone.utc), Actor("liaison")) as uow:
        items.act(uow, feedback, "submit", by_office=False, evidence=items.Evidence(
            text="9月已在政府网站公开财政预决算信息 http://www.nxyn.gov.cn/xxgk/",
            urls=("http://www.nxyn.gov.cn/xxgk/",)))
        uow.commit()
    engine.dispose()
    out = tmp_path / "月反馈.xlsx"
    assert run(capsys, "report", "monthly", "--period", "2022-09", "--out", str(out))[0] == 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[int(sheet.freeze_panes[1:]) - 1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=int(sheet.freeze_panes[1:]), values_only=True)}
    assert rows["杨和镇"][header.index("是否反馈")] == "已反馈"
    assert rows["杨和镇"][header.index("反馈内容")].startswith("9月已在政府网站公开财政预决算信息")
    assert rows["杨和镇"][header.index("佐证材料")] == "http://www.nxyn.gov.cn/xxgk/"
    assert rows["望远镇"][header.index("反馈内容")] is None
