"""The annual report from the command line and the office's rules for it: its internal date and the scope."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.annual_figures import carried_out, fill, figures
from tests.conftest import EXAMPLES
from tests.test_cli_store import run
from workflows.annual_rollup import WITH_TOWNSHIPS, AnnualReportRules
from workflows.rules import RulesError, parse_rules

YONGNING = EXAMPLES / "yongning-2022"


def test_the_office_sets_its_internal_date_and_scope_and_the_rest_stays():
    rules = parse_rules({"annual_report": {"days_early": 5}})
    assert rules.annual_report == AnnualReportRules(days_early=5, scope="departments")
    again = parse_rules({"annual_report": {"scope": WITH_TOWNSHIPS}}, rules)
    assert again.annual_report == AnnualReportRules(5, WITH_TOWNSHIPS) and again.ladder == rules.ladder


@pytest.mark.parametrize("data, key", [
    ({"annual_report": {"days_early": -1}}, "annual_report.days_early"),
    ({"annual_report": {"days_early": 31}}, "annual_report.days_early"),
    ({"annual_report": {"scope": "乡镇"}}, "annual_report.scope"),
    ({"annual_report": {"date": "01-26"}}, "annual_report.date"),
])
def test_a_bad_annual_report_rule_is_refused_with_its_key_named(data, key):
    with pytest.raises(RulesError, match=key.replace(".", r"\.")):
        parse_rules(data)


def test_last_years_figures_are_loaded_this_years_submitted_and_the_county_compiled(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    run(capsys, "import", str(YONGNING / "plan.txt"), "--roster", str(YONGNING / "roster.yaml"))
    rules = tmp_path / "规则.yaml"
    rules.write_text("annual_report:\n  days_early: 5\n", encoding="utf-8")
    assert run(capsys, "rules", "--file", str(rules))[0] == 0
    status, out, _ = run(capsys, "due", "--unit", "县司法局", "--from", "2023-01-01", "--to", "2023-02-28")
    assert "2023-01-26" in out and "2023-01-31" not in out       # chased toward the office's own date

    last_year = tmp_path / "2021.xlsx"
    run(capsys, "annual", "template", "--unit", "县司法局", "--out", str(tmp_path / "blank.xlsx"))
    last_template = (tmp_path / "blank.xlsx").read_bytes()
    book = load_workbook(BytesIO(last_template))
    book["督办"]["B2"] = 2021                                     # last year's report, in the same format
    out_ = BytesIO()
    book.save(out_)
    last_year.write_bytes(fill(out_.getvalue(), figures(year=2021, cells=carried_out(1))))
    status, out, _ = run(capsys, "annual", "load", str(last_year))
    assert status == 0 and "（永宁县司法局，2021年度）已存入督办" in out and "已通过校验" in out

    template = tmp_path / "司法局.xlsx"
    run(capsys, "annual", "template", "--unit", "县司法局", "--out", str(template))
    assert load_workbook(template)["表三"]["B7"].value == 1        # 上年结转, from 2021's 结转下年度
    filled = tmp_path / "司法局-填报.xlsx"
    filled.write_bytes(fill(template.read_bytes(), figures()))
    status, out, _ = run(capsys, "annual", "load", str(filled))
    assert status == 1 and "上年结转 0，但2021年报告的结转下年度为 1（表三!B7）" in out

    status, out, _ = run(capsys, "report", "annual", "--period", "2022", "--out", str(tmp_path / "年报.xlsx"))
    assert status == 0 and "应报送18个单位，已报送1个，校验通过0个，审核通过并计入汇总0个" in out
    assert (tmp_path / "年报.docx").stat().st_size > 0
    status, _, err = run(capsys, "report", "annual", "--period", "2021", "--out", str(tmp_path / "x.xlsx"))
    assert status == 2 and "年度 2022" in err


def test_a_file_that_is_not_a_template_is_refused_by_name(capsys, database_url, tmp_path):
    run(capsys, "db", "upgrade")
    odd = tmp_path / "台账.xlsx"
    odd.write_bytes(b"not a workbook")
    status, _, err = run(capsys, "annual", "load", str(odd))
    assert status == 2 and "台账.xlsx" in err and "不是督办的年度报告统计表模板" in err
