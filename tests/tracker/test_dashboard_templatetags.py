from datetime import UTC, date, datetime

import pytest

from tracker.templatetags.cn_dates import cn_date, cn_month_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 25), "2026年11月25日"),
        (date(2027, 1, 5), "2027年1月5日"),
        # 16:30 UTC is already the next morning in Beijing.
        (datetime(2026, 11, 25, 16, 30, tzinfo=UTC), "2026年11月26日 00:30"),
        (None, "—"),
    ],
)
def test_cn_date_writes_dates_the_chinese_way(value, expected, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert cn_date(value) == expected


def test_cn_date_default_and_month_day():
    assert cn_date(None, "未设时限") == "未设时限"
    assert cn_month_day(date(2026, 3, 8)) == "3月8日"


def _unit_row(**changes):
    from tracker.selectors_dashboard import UnitRow

    names = {"unit_id": 7, "name": "甲镇<b>", "short_name": "", "kind": "township"}
    counts = {"total": 4, "open": 2, "completed": 2, "closed": 1, "overdue": 1}
    rest = {"due_soon": 0, "due_this_week": 0, "on_time": 1, "sort_order": 1}
    values = {**names, **counts, **rest, "url": "/units/7/tasks/?a=1&b=2"}
    return UnitRow(**(values | changes))


def test_unit_table_rows_escape_names_and_print_figures_plainly():
    from tracker.templatetags.dashboard_tags import unit_table_rows

    html = unit_table_rows([_unit_row(), _unit_row(unit_id=1234, overdue=0, completed=0)])
    assert '<a href="/units/7/tasks/?a=1&amp;b=2">甲镇&lt;b&gt;</a>' in html
    assert (
        '<td data-label="逾期" data-col="overdue"><strong class="text-red">1</strong></td>' in html
    )
    assert '<tr data-unit="1234">' in html  # an id is never written 1,234
    assert '<td data-label="按时完成率" data-col="ontime">50%</td>' in html
    assert '<td data-label="按时完成率" data-col="ontime">—</td>' in html  # nothing completed
    assert 'class="light light-red" aria-hidden="true"></span>红灯' in html


def test_chart_bars_escape_and_shorten_the_label():
    from tracker.templatetags.dashboard_tags import chart_bars
    from tracker.views.dashboard import _chart

    html = chart_bars(_chart([_unit_row(name="很长很长的单位名称<script>")])["bars"])
    assert "<title>很长很长的单位名称&lt;script&gt;：完成 2，未完成 1，逾期 1</title>" in html
    label = html.split('class="chart-label">')[1].split("</text>")[0]
    assert label.startswith("很长很长的单") and len(label) <= 9  # as |truncatechars:9 writes it
    assert 'y="4" width="180.0" height="16" class="bar-done"' in html


def test_select_options_escape_and_mark_the_current_choice():
    from tracker.templatetags.option_tags import select_options

    html = select_options([("1", "<甲>"), ("2", '乙"镇')], "2")
    assert html == (
        '<option value="1">&lt;甲&gt;</option><option value="2" selected>乙&quot;镇</option>'
    )
    assert "selected" not in select_options([("1", "甲")], "")


def test_page_url_is_reverse_and_follows_the_script_prefix_and_urlconf(settings):
    from django.urls import clear_url_caches, reverse, set_script_prefix

    from tracker.templatetags.navigation_tags import page_url

    assert page_url("tracker:dashboard") == reverse("tracker:dashboard") == "/dashboard/"
    set_script_prefix("/luoshi/")
    try:
        assert page_url("tracker:dashboard") == "/luoshi/dashboard/"
    finally:
        set_script_prefix("/")
    settings.ROOT_URLCONF = "tests.urls_moved"  # clears Django's URL caches, and so this one
    try:
        assert page_url("tracker:dashboard") == "/moved/dashboard/"
    finally:
        clear_url_caches()
