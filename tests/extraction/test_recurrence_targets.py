import pytest

from speeches.extraction.recurrence import find_recurrence
from speeches.extraction.targets import find_target


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("每周上报任务清单完成情况", "weekly"),
        ("镇委书记每月至少深入各村调研一次", "monthly"),
        ("各镇党委每季度至少要召开一次会议", "quarterly"),
        ("每半年至少召开1次专题会议", "half-yearly"),
        ("每年至少专题研究一次基层党建工作", "yearly"),
        ("重点抓好新任党组织书记上岗培训和年度集中轮训", "yearly"),
        ("每两年开展一次评选", "biennial"),
        ("定期召开基层党建现场会", None),
    ],
)
def test_recurrence_phrases_map_to_contract_values(phrase, expected):
    assert find_recurrence(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("确保每个村动态储备村级后备干部2名以上", "2名以上"),
        ("落实好每个社区专职工作者不少于3人", "不少于3人"),
        ("党员参学率达到80%", "达到80%"),
        ("经费不低于10万元", "不低于10万元"),
        ("要选好支部书记、配强支部班子", None),
        ("每年至少开展1次专题培训", None),
    ],
)
def test_numeric_targets_are_kept_as_written(phrase, expected):
    assert find_target(phrase) == expected
