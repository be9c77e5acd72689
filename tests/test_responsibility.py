"""Who answers for a row: the 责任单位 cell read against the sample rosters."""
import pytest

from tests.conftest import sample_roster
from workflows.responsibility import OPEN_LIST, parse_units

YONGNING_TOWNSHIPS = ["杨和镇", "李俊镇", "望远镇", "望洪镇", "闽宁镇", "胜利乡", "团结西路街道"]
ZHONGWEI_DISTRICTS = ["沙坡头区", "中宁县", "海原县"]


@pytest.fixture(scope="module")
def yongning():
    return sample_roster("yongning-2022")


@pytest.fixture(scope="module")
def zhongwei():
    return sample_roster("zhongwei-2022")


def names(assignments, role=None):
    return [a.unit.name for a in assignments if role is None or a.role == role]


def test_abbreviations_resolve_to_the_rosters_units(yongning):
    found, problems = parse_units("县审批局、商投局", yongning)   # Yongning row 1
    assert names(found) == ["永宁县审批服务管理局", "永宁县商务和投资促进局"] and problems == []


def test_a_prefix_written_once_applies_to_the_whole_list(yongning):
    found, _ = parse_units("县人民政府办公\n室、民政局、农业\n农村局，各乡镇", yongning)   # Yongning row 43
    assert names(found) == ["永宁县人民政府办公室", "永宁县民政局", "永宁县农业农村局", *YONGNING_TOWNSHIPS[:6]]


def test_the_open_tail_keeps_the_named_departments_and_says_the_list_is_open(yongning):
    found, problems = parse_units("县发改、自然资源、生态环境、住房城乡建设、交通运输、卫生健康、教育体育、"
                                  "文化旅游等部门", yongning)
    assert len(found) == 8                                        # Yongning row 14
    assert [(p.severity, p.message) for p in problems] == [("notice", OPEN_LIST)]
    assert "银川市生态环境局永宁分局" in names(found)


def test_groups_expand_to_the_members_the_roster_gives_them(yongning):
    found, _ = parse_units("各乡镇（街道）、各部门（单位），县融媒体中心", yongning)   # Yongning row 24
    assert names(found)[:7] == YONGNING_TOWNSHIPS
    assert names(found).count("永宁县融媒体中心") == 1
    assert "永宁县人民政府政务公开办公室" not in names(found)   # the office coordinates, it is not chased


def test_lead_and_helpers_are_told_apart(zhongwei):
    found, _ = parse_units("各县（区），市审批服务管理局牵头，其他部门配合", zhongwei)   # Zhongwei row 2
    assert names(found, "responsible") == ZHONGWEI_DISTRICTS
    assert names(found, "lead") == ["中卫市审批服务管理局"]
    assert "中卫市财政局" in names(found, "helper") and "中卫市审批服务管理局" not in names(found, "helper")


def test_names_joined_by_he_are_split_but_names_containing_he_are_not(zhongwei, yongning):
    found, _ = parse_units("市工业和信息化局、云计算和大数据局", zhongwei)
    assert names(found) == ["中卫市工业和信息化局", "中卫市云计算和大数据局"]
    found, _ = parse_units("县卫健局和县应对新冠肺炎疫情防控指挥部办公室", yongning)
    assert names(found) == ["永宁县卫生健康局", "永宁县应对新冠肺炎疫情防控指挥部办公室"]


def test_a_name_the_roster_does_not_know_is_reported_with_its_row(yongning):
    found, problems = parse_units("县司法局、县档案馆", yongning, row=17)
    assert names(found) == ["永宁县司法局"]
    assert [(p.row, p.severity) for p in problems] == [(17, "error")] and "县档案馆" in problems[0].message
