import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from speeches.extraction import Directive, extract

R = date(2024, 3, 5)
REPO = Path(__file__).resolve().parents[2]


def _one(text, **kwargs):
    found = extract(text, reference_date=R, **kwargs)
    assert len(found) == 1, [d.quote for d in found]
    return found[0]


def test_directive_carries_units_deadline_and_exact_offsets():
    text = "讲话\n一、抓好基层组织建设\n各乡镇党委要在今年6月底前完成软弱涣散村党组织整顿。\n"
    d = _one(text)
    assert text[d.start : d.end] == d.quote == "各乡镇党委要在今年6月底前完成软弱涣散村党组织整顿。"
    assert d.units == ("各乡镇党委",)
    assert (d.deadline_text, d.deadline) == ("今年6月底前", date(2024, 6, 30))
    assert d.section_path == ("一、抓好基层组织建设",)
    assert 0 < d.confidence <= 1
    assert set(d.as_json_dict()) == {
        "quote",
        "start",
        "end",
        "task",
        "units",
        "deadline_text",
        "deadline",
        "recurrence",
        "target",
        "confidence",
        "section",
        "units_source",
        "deadline_source",
    }
    assert d.as_json_dict()["units_source"] == {"kind": "sentence", "text": "各乡镇党委"}
    assert d.as_json_dict()["deadline_source"] == {"kind": "sentence", "text": "今年6月底前"}
    assert d.as_json_dict()["deadline"] == "2024-06-30"


def test_actor_with_recurrence_and_no_modal_is_a_directive():
    d = _one("一、制度\n组织部门每季度至少召开1次专题会议，研究基层党建工作。\n")
    assert (d.units, d.recurrence) == (("组织部门",), "quarterly")


def test_sentence_without_actor_inherits_the_paragraph_actor():
    text = "一、城市党建\n中小学校要尽快完善党组织设置。要重视在优秀青年教师中发展党员。\n"
    found = extract(text, reference_date=R)
    assert [d.units for d in found] == [("中小学校",), ("中小学校",)]


def test_sentence_without_actor_takes_the_section_group_actor():
    text = (
        "一、农村党建\n要实施“千村头雁”培育工程，建强村党组织带头人队伍。\n"
        "各地要大力发展村级集体经济，消除“空壳村”。\n"
    )
    assert [d.units for d in extract(text, reference_date=R)] == [("各地",), ("各地",)]


def test_two_actors_in_one_sentence_make_two_directives():
    text = (
        "一、国企党建\n国资监管部门党委要落实管资本就要管党建的责任，"
        "国有企业党组织要认真履行主体责任，形成层层抓落实的责任体系。\n"
    )
    found = extract(text, reference_date=R)
    assert [d.units for d in found] == [("国资监管部门党委",), ("国有企业党组织",)]
    assert all(text[d.start : d.end] == d.quote for d in found)


def test_a_second_deadline_in_one_sentence_makes_a_second_directive():
    text = (
        "一、队伍\n要加强后备人才储备，认真落实后备干部培养管理办法，加强定期选拔培养，"
        "确保每个村动态储备村级后备干部2名以上，实现全市3年内培养储备5000名以上村级后备干部。\n"
    )
    first, second = extract(text, reference_date=R)
    assert (first.target, first.deadline) == ("2名以上", None)
    assert second.deadline == date(2027, 3, 5)


def test_several_actors_named_together_are_separate_units():
    d = _one("一、落实\n各地各有关部门要认真落实会议精神，聚焦重点任务压实责任。\n")
    assert d.units == ("各地", "各有关部门")


def test_retrospective_statistics_and_problems_are_not_directives():
    text = (
        "一、工作回顾\n近年来，区委先后调整充实乡（街）党（工）委班子成员67人次。\n"
        "全区累计投入近3000万元，新建和维修村级活动场所48个。\n"
        "有的党组织主业主责意识不强，存在“重业务、轻党建”的现象。\n"
        "习近平总书记强调，必须把抓基层打基础作为长远大计。\n"
        "成立了区委基层党建工作领导小组，确保了基层党建工作有力有序有效推进。\n"
        "各级党组织要深刻认识加强基层党建工作的极端重要性。\n"
    )
    assert extract(text, reference_date=R) == []


def test_imperative_items_of_a_list_count_after_a_heading():
    text = (
        "二、下半年工作安排\n1、重视文化设施体系建设,保障人民群众文化权益。"
        "年内完成3个乡镇综合文化站建设。\n"
        "2、继续举办第二届校园足球联赛活动,加强青少年足球建设,营造良好的校园体育氛围。\n"
    )
    first, second = extract(text, reference_date=date(2023, 2, 15))
    assert first.quote == "年内完成3个乡镇综合文化站建设。"
    assert first.deadline == date(2023, 12, 31)
    assert second.deadline == date(2023, 12, 31)  # the heading's 下半年 frames the item


def test_unit_names_from_the_directory_are_recognised_as_actors():
    d = _one(
        "一、保障\n龙泉街道便民服务中心要在5月底前完成改造。\n", unit_names=["龙泉街道便民服务中心"]
    )
    assert d.units == ("龙泉街道便民服务中心",)


def test_task_is_a_short_imperative_line():
    d = _one(
        "一、保障\n各地要持续加大经费保障，通过增大财政投入、大力发展集体经济等办法，确保基层政权正常运转。\n"
    )
    assert d.task.startswith("持续加大经费保障")
    assert len(d.task) <= 40


def test_directive_dataclass_is_frozen():
    d = _one("一、保障\n各地要持续加大经费保障，确保基层政权正常运转。\n")
    assert isinstance(d, Directive)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.quote = "x"


def test_short_remarks_are_not_directives():
    assert extract("一、保障\n要做到心中有数。党的各级组织也要参与。\n", reference_date=R) == []


def test_importing_the_library_loads_no_django_module():
    code = (
        "import sys, speeches.extraction as e; "
        "from datetime import date; "
        "e.extract('各地要抓好落实。', reference_date=date(2024, 1, 1)); "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_parallel_conditions_joined_by_semicolons_are_one_directive():
    text = (
        "一、督导\n对示范工程已初具规模的，要丰富内涵，巩固提升；"
        "对成效尚不明显的，要逐一“会诊”，强化措施，真正把示范项目做实做优。\n"
    )
    d = _one(text)
    assert d.quote.startswith("对示范工程") and d.quote.endswith("做实做优。")


def test_task_keeps_the_topic_before_the_modal():
    d = _one("一、学校\n市、区县委教育工委的组建务必在规定时限内完成。\n")
    assert d.task == "市、区县委教育工委的组建务必在规定时限内完成"
    assert (d.deadline_text, d.deadline) == ("规定时限内", None)


def test_each_due_date_in_a_sentence_is_its_own_directive_for_the_same_actor():
    text = "一、进度\n庄上村要加快新农村建设进度，今年必须完成80%，明年100%，把欠下的进度补上去。\n"
    first, second = extract(text, reference_date=date(2010, 7, 25))
    assert (first.deadline, first.target) == (date(2010, 12, 31), "80%")
    assert (second.deadline, second.target) == (date(2011, 12, 31), "100%")
    assert first.units == second.units == ("庄上村",)
