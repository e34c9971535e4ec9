from datetime import date

import pytest

from speeches.extraction.deadlines import find_deadline

R = date(2017, 10, 16)


@pytest.mark.parametrize(
    ("phrase", "reference", "expected"),
    [
        pytest.param("年底前完成", R, date(2017, 12, 31), id="年底前"),
        pytest.param("今年底前全部到位", R, date(2017, 12, 31), id="今年底"),
        pytest.param("年内要全面解决", R, date(2017, 12, 31), id="年内"),
        pytest.param("特别是今年的考核工作", R, date(2017, 12, 31), id="今年"),
        pytest.param("这项工作务必在本月底前完成", R, date(2017, 10, 31), id="本月底前"),
        pytest.param("本月内完成", date(2024, 2, 5), date(2024, 2, 29), id="本月内-leap"),
        pytest.param("6月底前完成", date(2024, 3, 5), date(2024, 6, 30), id="X月底前"),
        pytest.param("3月底前完成", R, date(2018, 3, 31), id="X月底-next-year"),
        pytest.param("在今年6月底前完成", date(2024, 3, 5), date(2024, 6, 30), id="今年X月底"),
        pytest.param("明年3月底前", R, date(2018, 3, 31), id="明年X月底"),
        pytest.param("11月份完成", R, date(2017, 11, 30), id="X月份"),
        pytest.param("十二月上旬", R, date(2017, 12, 10), id="上旬"),
        pytest.param("十一月中旬", R, date(2017, 11, 20), id="中旬"),
        pytest.param("十一月下旬", R, date(2017, 11, 30), id="下旬"),
        pytest.param("上半年完成", date(2023, 2, 15), date(2023, 6, 30), id="上半年"),
        pytest.param("下半年工作安排", date(2023, 2, 15), date(2023, 12, 31), id="下半年"),
        pytest.param("一季度", date(2023, 2, 15), date(2023, 3, 31), id="一季度"),
        pytest.param("二季度", date(2023, 2, 15), date(2023, 6, 30), id="二季度"),
        pytest.param("第三季度", date(2023, 2, 15), date(2023, 9, 30), id="三季度"),
        pytest.param("四季度", date(2023, 2, 15), date(2023, 12, 31), id="四季度"),
        pytest.param("明年底前", R, date(2018, 12, 31), id="明年底"),
        pytest.param("明年完成", R, date(2018, 12, 31), id="明年"),
        pytest.param("实现全市3年内培养", R, date(2020, 10, 16), id="N年内"),
        pytest.param("未来五年内", R, date(2022, 10, 16), id="未来N年内"),
        pytest.param("用两年时间", R, date(2019, 10, 16), id="用N年时间"),
        pytest.param("力争2012年全部达标", date(2010, 2, 4), date(2012, 12, 31), id="力争year"),
        pytest.param("2012年6月完成", date(2010, 2, 4), date(2012, 6, 30), id="year-month"),
        pytest.param("二〇二三年十月底前", R, date(2023, 10, 31), id="chinese-numerals"),
        pytest.param("本月初至明年3月底集中开展", R, date(2018, 3, 31), id="range"),
        pytest.param("11月20日前上报", R, date(2017, 11, 20), id="X月X日前"),
    ],
)
def test_dated_deadline_resolves_against_the_reference_date(phrase, reference, expected):
    assert find_deadline(phrase, reference).due == expected


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("尽快完善党组织设置", "尽快"),
        ("近期要召开会议", "近期"),
        ("春节之后组织检查", "春节之后"),
        ("适时开展督查", "适时"),
        ("逐步剥离不适合的职能", "逐步"),
        ("市委教育工委的组建务必在规定时限内完成", "规定时限内"),
        ("xx年,我局将加强研究", "xx年"),
    ],
)
def test_unanchored_deadline_keeps_text_and_gives_no_date(phrase, text):
    found = find_deadline(phrase, R)
    assert (found.text, found.due) == (text, None)


@pytest.mark.parametrize(
    "phrase", ["今年以来成效明显", "2009年以来", "从今年起,县委每年召开述职会"]
)
def test_start_of_a_period_is_not_a_deadline(phrase):
    assert find_deadline(phrase, R) is None
