"""The genre rules, each on a small text of its shape: what a supervision office is handed."""

from datetime import date

import pytest

from speeches.extraction import extract
from speeches.extraction.kinds import DocumentKind, detect_kind
from speeches.extraction.model import Provenance

R = date(2024, 3, 5)


def _by_quote(text, **kwargs):
    return {d.quote: d for d in extract(text, reference_date=R, **kwargs)}


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("在全县安全生产工作会议上的讲话\n县长 王某某\n同志们：\n", DocumentKind.SPEECH),
        (
            "青岚县召开防汛工作推进会\n3月14日上午，青岚县召开防汛工作推进会。\n",
            DocumentKind.MEETING_REPORT,
        ),
        ("青岚县人民政府\n专题会议纪要\n〔2024〕第3期\n", DocumentKind.MINUTES),
        ("县教育局关于做好春季开学工作的通知\n各学校：\n", DocumentKind.NOTICE),
        ("关于印发《2024年防汛工作实施方案》的通知\n各乡镇：\n", DocumentKind.PLAN),
        ("关于印发2024年《政府工作报告》重点任务分解的通知\n", DocumentKind.TASK_BREAKDOWN),
        ("政府工作报告\n——2024年1月10日在县人大会议上\n各位代表：\n", DocumentKind.WORK_REPORT),
        ("关于全县重点项目推进情况的督查通报\n各乡镇：\n", DocumentKind.SUPERVISION_REPORT),
        ("县委县政府督查室\n领 导 批 示 件\n", DocumentKind.INSTRUCTION),
        ("县林业局2023年工作总结及2024年工作打算\n", DocumentKind.SUMMARY),
    ],
)
def test_kind_is_read_from_the_title_block(opening, kind):
    assert detect_kind(opening + "正文。\n") == kind


def test_numbered_paragraph_that_is_a_whole_directive_is_a_directive_not_a_heading():
    text = (
        "关于做好开学工作的通知\n各学校：\n一、开展隐患排查\n"
        "（一）各学校要严格落实门卫值守和来访登记制度，并于3月15日前将排查情况报县教育局。\n"
    )
    found = _by_quote(text)
    d = found["各学校要严格落实门卫值守和来访登记制度，并于3月15日前将排查情况报县教育局。"]
    assert d.units == ("各学校",)
    assert d.deadline == date(2024, 3, 15)


def test_tab_separated_task_table_gives_task_units_and_deadline_per_row():
    text = (
        "关于印发重点任务分解表的通知\n各部门：\n\n"
        "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t新建高标准农田12万亩\t县农业农村局\t县财政局、各乡镇（街道）\t11月底前\n"
        "2\t巩固拓展脱贫攻坚成果\t县乡村振兴局\t县民政局\t持续推进\n"
    )
    found = _by_quote(text)
    first = found["新建高标准农田12万亩"]
    assert first.units == ("县农业农村局", "县财政局", "各乡镇（街道）")
    assert (first.deadline_text, first.deadline) == ("11月底前", date(2024, 11, 30))
    assert first.units_source == Provenance(
        "table", "牵头单位/配合单位：县农业农村局、县财政局、各乡镇（街道）"
    )
    assert first.deadline_source == Provenance("table", "11月底前")
    second = found["巩固拓展脱贫攻坚成果"]
    assert (second.deadline_text, second.deadline) == ("持续推进", None)


def test_table_pasted_one_cell_per_line_shares_merged_cells_with_the_row_above():
    text = (
        "重点任务分解表\n\n序号\n工作任务\n责任单位\n完成时限\n"
        "一、提升政务服务效能\n"
        "1\n深化企业开办“一网通办”改革。\n区市场监管局\n2024年6月底前\n"
        "2\n推行“一业一证”改革。\n2024年9月底前\n"
        "3\n实现240项高频事项“跨省通办”。\n区政务服务中心\n区大数据中心\n"
    )
    found = _by_quote(text)
    assert found["推行“一业一证”改革。"].units == ("区市场监管局",)  # merged unit cell
    third = found["实现240项高频事项“跨省通办”。"]
    assert third.units == ("区政务服务中心", "区大数据中心")
    assert third.deadline == date(2024, 9, 30)  # merged deadline cell


def test_task_cell_with_two_dated_steps_is_two_directives():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t推行联合报装，3月底前出台实施细则，6月底前全面推开。\t区住建局\t6月底前\n"
    )
    found = extract(text, reference_date=R)
    assert [(d.quote, d.deadline) for d in found] == [
        ("推行联合报装，3月底前出台实施细则，", date(2024, 3, 31)),
        ("6月底前全面推开。", date(2024, 6, 30)),
    ]


def test_field_line_after_an_item_gives_its_units_and_deadline():
    text = (
        "重点工作任务分解\n一、主要预期目标\n1.地区生产总值增长8.5%左右。\n"
        "牵头单位:县发改局;责任单位:县统计局,各乡镇;完成时限:2024年12月底\n"
    )
    (d,) = extract(text, reference_date=R)
    assert d.quote == "地区生产总值增长8.5%左右。"
    assert d.units == ("县发改局", "县统计局", "各乡镇")
    assert d.deadline == date(2024, 12, 31)
    assert d.deadline_source == Provenance("table", "2024年12月底")


def test_bracketed_fields_of_minutes_give_units_and_deadline():
    text = (
        "县政府常务会议纪要\n一、关于防汛工作\n"
        "会议议定:完成城西排洪渠3.2公里清淤疏浚。(责任单位:县水利局、城关镇,完成时限:8月底前)\n"
    )
    (d,) = extract(text, reference_date=R)
    assert d.units == ("县水利局", "城关镇")
    assert d.deadline == date(2024, 8, 31)


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("由县供电公司负责，于10月20日前完成变电站设备安装调试。", ("县供电公司",)),
        ("县发改局负责协调上级电力部门，加快接入系统方案审批。", ("县发改局",)),
        ("请各乡镇于每周五下班前将工作进展报县农业农村局。", ("各乡镇",)),
        ("县教育局将组成4个检查组，对全县学校进行全覆盖检查。", ("县教育局",)),
    ],
)
def test_imperatives_without_yao_are_directives(sentence, units):
    text = f"关于做好有关工作的通知\n各乡镇、县直各部门：\n一、工作安排\n{sentence}\n"
    found = _by_quote(text)
    assert found[sentence].units == units


def test_meeting_speaks_in_its_own_voice_but_a_higher_body_is_quoted():
    text = (
        "青岚县召开防汛工作会议\n"
        "3月14日上午，青岚县召开防汛工作会议，县长王某某出席会议并讲话。\n"
        "会议要求，各乡镇要在4月底前完成山塘水库隐患排查。\n"
        "省委要求，今年要实现山洪灾害监测预警全覆盖。\n"
    )
    quotes = [d.quote for d in extract(text, reference_date=R)]
    assert quotes == ["会议要求，各乡镇要在4月底前完成山塘水库隐患排查。"]


def test_recurring_reporting_duty_keeps_its_words_without_a_date():
    text = (
        "关于报送工作进展的通知\n各单位：\n一、各单位要于每月25日前将任务推进情况报县政府督查室。\n"
    )
    (d,) = extract(text, reference_date=R)
    assert (d.recurrence, d.deadline_text, d.deadline) == ("monthly", "每月25日前", None)


def test_plan_phase_bounds_the_items_under_it():
    text = (
        "春季造林工作实施方案\n三、实施步骤\n"
        "第一阶段（动员部署，3月10日—3月31日）。各乡镇要制定造林计划，落实造林地块。\n"
    )
    (d,) = extract(text, reference_date=R)
    assert d.deadline == date(2024, 3, 31)
    assert d.deadline_source.kind == "phase"


def test_heading_that_names_an_actor_gives_its_items_that_unit():
    text = (
        "关于做好防汛工作的通知\n各乡镇：\n一、职责分工\n（一）县水利局：\n"
        "1.负责全县水库、山塘的安全巡查，每周报送一次巡查情况。\n"
    )
    (d,) = extract(text, reference_date=R)
    assert d.units == ("县水利局",)
    assert d.units_source == Provenance("heading", "县水利局")
    assert d.recurrence == "weekly"


def test_an_item_naming_its_actor_before_a_colon_gives_it_and_the_items_after_it_that_unit():
    """职责分工 written inline: "（一）X：①…；②…；③…" — each duty is X's, whatever verb opens it."""
    text = (
        "关于开展违法建设专项整治的实施方案\n四、职责分工\n"
        "（一）市城管执法局：①负责专项行动的综合协调和日常调度，每周一上午召开调度会；"
        "②牵头组织对城区主干道两侧违法建设的集中拆除；③会同市规划局建立违法建设动态巡查制度。\n"
        "（二）市规划局：负责违法建设的认定工作，在收到认定申请后5个工作日内出具认定意见。\n"
    )
    found = extract(text, reference_date=R)
    assert [(d.quote[:8], d.units) for d in found] == [
        ("市城管执法局：①", ("市城管执法局",)),
        ("②牵头组织对城区", ("市城管执法局",)),
        ("③会同市规划局建", ("市城管执法局",)),
        ("市规划局：负责违", ("市规划局",)),
    ]
    assert found[1].units_source == Provenance("heading", "市城管执法局")


@pytest.mark.parametrize(
    ("sentence", "not_an_actor"),
    [
        ("②牵头组织对城区主干道两侧违法建设开展集中拆除。", "牵头组"),  # 组织, not a 组
        ("暂停办理违法建设所在地块的规划审批手续。", "暂停办"),  # 办理, not a 办
        ("会同区住建局研究制定社会资本参与老旧小区改造的支持政策。", "会同区住建局"),
        ("11月下旬组织年终考评，考评结果纳入年度综合考核。", "下旬组"),
        ("城镇新增就业3200人，农村劳动力转移就业5000人。", "城镇"),  # a place, not a 镇
        ("社会消费品零售总额增长11%。", "社会"),  # society, not a 会
    ],
)
def test_a_word_that_only_ends_like_a_body_is_no_unit(sentence, not_an_actor):
    text = f"2024年重点工作任务分解方案\n一、重点任务\n1.{sentence}\n"
    units = {u for d in extract(text, reference_date=R) for u in d.units}
    assert not_an_actor not in units and not any(u.startswith(("①", "②")) for u in units)


def test_findings_of_a_supervision_are_no_tasks_and_a_township_is_a_unit():
    text = (
        "关于专项督查发现问题整改的通知\n各乡镇：\n一、发现的主要问题\n"
        "（一）乱采。石门乡境内双河口段发现非法采砂痕迹，现场有临时堆砂点。\n"
        "二、整改要求\n1、石门乡要会同县水利局对非法采砂行为进行立案调查，6月15日前查清违法主体。\n"
        "2、城乡结合部各村要在6月底前完成垃圾清运。\n"
    )
    found = extract(text, reference_date=R)
    assert [(d.quote[:8], d.units) for d in found] == [
        ("石门乡要会同县水", ("石门乡",)),
        ("城乡结合部各村要", ("各村",)),
    ]


def test_the_actor_after_a_leading_date_is_the_unit():
    text = (
        "专项整治实施方案\n三、实施步骤\n（三）验收阶段\n"
        "10月31日前，市整治办组织对各区整治工作进行考核验收。\n"
    )
    (d,) = extract(text, reference_date=R)
    assert d.units == ("市整治办",) and d.deadline == date(2024, 10, 31)


def test_work_report_items_without_modal_are_tasks_of_the_year_of_their_lead_in():
    text = (
        "政府工作报告\n各位代表：\n三、2024年重点工作\n"
        "围绕上述目标，今年重点抓好以下工作：\n"
        "（一）加快城乡基础设施建设。新改建农村公路300公里，实现所有行政村通水泥路。\n"
    )
    found = _by_quote(text)
    d = found["新改建农村公路300公里，实现所有行政村通水泥路。"]
    assert d.deadline == date(2024, 12, 31)


def test_furniture_is_not_proposed():
    text = (
        "县人民政府办公室关于做好森林防火工作的通知\n"
        "县政办发〔2024〕5号\n"
        "各乡镇人民政府，县直有关单位：\n"
        "一、各乡镇要在3月10日前完成护林员培训。\n"
        "县人民政府办公室\n"
        "2024年3月5日印发\n"
    )
    quotes = [d.quote for d in extract(text, reference_date=R)]
    assert quotes == ["各乡镇要在3月10日前完成护林员培训。"]


def test_pdf_lines_wrapped_at_one_width_are_joined_back():
    body = (
        "各县（市、区）住建部门要对本地整治情况进行全面总结，12月10日前将书面总结报市住建局。"
        "市住建局将组织对各地整治情况进行抽查验收，对工作不力的予以通报批评。"
    )
    width = 20
    body += "各燃气经营企业要配备专职安全管理人员，每万户用户配备入户安检员不少于3名。" * 3
    wrapped = "\n".join(body[i : i + width] for i in range(0, len(body), width))
    text = "燃气安全专项整治工作方案\n（三）总结验收阶段。\n" + wrapped + "\n"
    found = extract(text, reference_date=date(2024, 9, 14))
    first = found[0]
    assert "\n" in first.quote and text[first.start : first.end] == first.quote
    assert first.deadline == date(2024, 12, 10)


def test_supervision_form_task_line_takes_the_form_units_and_deadline():
    text = (
        "县人民政府督查室\n督 办 通 知 单\n"
        "督办事项:加快推进城区老旧小区改造项目建设进度\n"
        "交办领导:县长刘某某\n"
        "承办单位:县住建局(牵头)、县财政局\n"
        "办理时限:2024年11月30日前\n"
        "反馈要求:\n逾期未能办结的,承办单位须提前书面说明原因及下步措施。\n"
    )
    found = _by_quote(text)
    task = found["加快推进城区老旧小区改造项目建设进度"]
    assert task.units == ("县住建局", "县财政局")
    assert task.deadline == date(2024, 11, 30)
    assert found["逾期未能办结的,承办单位须提前书面说明原因及下步措施。"].units == (
        "县住建局",
        "县财政局",
    )
    assert "交办领导:县长刘某某" not in found


def test_kind_given_by_the_caller_overrides_detection():
    text = "会议要求，各乡镇要在4月底前完成山塘水库隐患排查。\n"
    as_speech = extract(text, reference_date=R, kind=DocumentKind.SPEECH)
    as_news = extract(text, reference_date=R, kind=DocumentKind.MEETING_REPORT)
    assert as_speech == []  # a speech quoting a meeting
    assert [d.units for d in as_news] == [("各乡镇",)]


def test_every_directive_with_units_or_a_deadline_says_where_they_came_from():
    text = (
        "关于做好防汛工作的通知\n各乡镇：\n一、职责分工\n（一）县水利局：\n"
        "1.负责水库巡查，6月底前完成除险加固。\n"
        "二、有关要求\n各乡镇要于每月5日前报送工作进展。\n"
    )
    for d in extract(text, reference_date=R):
        assert (d.units_source is not None) == bool(d.units)
        assert (d.deadline_source is not None) == bool(d.deadline_text or d.deadline)
