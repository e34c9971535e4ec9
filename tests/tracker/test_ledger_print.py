"""The printable ledger: one row per task with its units, for A4 landscape paper."""

import re
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.tracker.ledger_data import NOW, TODAY, build_ledger_data
from tracker import selectors_dashboard
from tracker.filters import AssignmentFilters
from tracker.services import ledger
from tracker.views import exports


@pytest.fixture
def ledger_data(town_a, town_b):
    return build_ledger_data(town_a, town_b)


@pytest.fixture
def on_today():
    with time_machine.travel(NOW, tick=True):
        yield


def task_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr\b.*?</tr>", body, re.S)


@pytest.mark.django_db
def test_print_view_lists_the_filtered_rows_with_a_repeating_header(
    client, supervisor, ledger_data, on_today
):
    client.force_login(supervisor)
    response = client.get(reverse("tracker:ledger-print"), {"q": "村级", "kind": "township"})
    assert response.status_code == 200
    html = response.text
    assert html.count("<tr") == 1 + 1  # header + the one task, whose two units share its row
    assert "<thead>" in html and "完成时限" in html
    assert "2026年11月20日" in html
    assert "每季度召开专题会议" not in html
    assert "css/ledger_print.css" in html
    assert "<script>" not in html and "onclick" not in html


@pytest.mark.django_db
def test_one_row_per_task_with_its_units_and_states_and_the_quote_once(
    client, supervisor, ledger_data, on_today
):
    client.force_login(supervisor)
    html = client.get(reverse("tracker:ledger-print")).text
    rows = task_rows(html)
    assert len(rows) == 3  # three tasks, five assignments
    building = next(row for row in rows if "完成村级活动场所建设</td>" in row)
    assert html.count("完成村级活动场所建设（原文）") == 1
    units = re.findall(r"<li class=\"unit[^\"]*\">(.*?)</li>", building, re.S)
    assert [re.sub(r"<[^>]+>", "", unit).split("（")[0] for unit in units] == [
        "甲镇",
        "乙镇",
        "青山",
    ]
    assert "（牵头）推进中 40%" in units[0] and "逾期 5 天" in units[0]
    assert "主体工程完工=" in units[0]  # the latest report, not the first
    assert "（配合）未开始 10%" in units[1] and "逾期 5 天" in units[1]
    # closed work reads 100%, as the dashboard counts it complete, and is never overdue
    assert "（配合）已销号 100%" in units[2] and "逾期" not in units[2]
    assert building.startswith('<tr class="overdue">')


@pytest.mark.django_db
def test_undated_tasks_say_so(client, supervisor, ledger_data, on_today):
    client.force_login(supervisor)
    rows = task_rows(client.get(reverse("tracker:ledger-print")).text)
    undated = next(row for row in rows if "长期坚持的工作</td>" in row)
    assert f'<td class="date">{ledger.NO_DUE}</td>' in undated
    assert "逾期" not in undated


@pytest.mark.django_db
def test_print_figures_are_the_dashboards(client, supervisor, ledger_data, on_today):
    query = {"kind": "township"}
    data = selectors_dashboard.dashboard(
        user=supervisor, filters=AssignmentFilters.from_querydict(query), today=TODAY
    )
    client.force_login(supervisor)
    html = client.get(reverse("tracker:ledger-print"), query).text
    summary = re.sub(r"<[^>]+>|\s+", "", html.split('class="print-summary"', 1)[1].split("</p>")[0])
    headline = data.headline
    assert f"已逾期{headline.overdue}，" in summary and headline.overdue == 2
    assert f"完成率{headline.completion_pct}%" in summary
    lights = Counter(row.light_label for row in data.rows)
    for label in ("红灯", "黄灯", "绿灯"):
        assert f"{label}{lights[label]}个单位" in summary
    assert lights["红灯"] == 2  # 甲镇 and 乙镇 both have overdue work


def test_print_stylesheet_sets_a4_landscape_and_repeats_the_header():
    css = Path(finders.find("css/ledger_print.css")).read_text(encoding="utf-8")
    assert "@page { size: A4 landscape;" in css
    assert "thead { display: table-header-group; }" in css


@pytest.mark.django_db
def test_print_view_caps_the_tasks_and_says_so(
    client, supervisor, ledger_data, monkeypatch, on_today
):
    monkeypatch.setattr(ledger, "PRINT_MAX_ROWS", 2)
    client.force_login(supervisor)
    html = client.get(reverse("tracker:ledger-print")).text
    assert exports.TOO_MANY_TO_PRINT.format(total=3, limit=2) in html
    assert len(task_rows(html)) == 2


@pytest.mark.django_db
def test_print_view_stops_starting_tasks_past_the_unit_lines_cap(
    client, supervisor, ledger_data, monkeypatch, on_today
):
    monkeypatch.setattr(ledger, "PRINT_MAX_UNITS", 2)
    client.force_login(supervisor)
    html = client.get(reverse("tracker:ledger-print")).text
    rows = task_rows(html)
    assert exports.TOO_MANY_TO_PRINT.format(total=3, limit=len(rows)) in html
    assert html.count('<li class="unit') >= 2  # a task is printed with all its units
    assert len(rows) < 3


@pytest.mark.django_db
def test_unit_staff_print_their_own_unit(client, town_a_staff, town_a, ledger_data):
    client.force_login(town_a_staff)
    html = client.get(reverse("tracker:unit-ledger-print", args=[town_a.pk])).text
    assert "甲镇任务台账" in html
    assert html.count("完成村级活动场所建设</td>") == 1
    assert "每季度召开专题会议" not in html
