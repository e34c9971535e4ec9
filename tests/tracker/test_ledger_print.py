"""The printable ledger: the same rows as the Excel file, for A4 landscape paper."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.tracker.ledger_data import build_ledger_data
from tracker.services import ledger
from tracker.views import exports


@pytest.fixture
def ledger_data(town_a, town_b):
    return build_ledger_data(town_a, town_b)


@pytest.mark.django_db
def test_print_view_lists_the_filtered_rows_with_a_repeating_header(
    client, supervisor, ledger_data
):
    client.force_login(supervisor)
    response = client.get(reverse("tracker:ledger-print"), {"q": "村级", "kind": "township"})
    assert response.status_code == 200
    html = response.text
    assert html.count("<tr") == 1 + 2  # header + 甲镇 lead + 乙镇 cooperating
    assert "<thead>" in html and "完成时限" in html
    assert "2026年11月20日" in html
    assert "每季度召开专题会议" not in html
    assert "css/ledger_print.css" in html
    assert "<script>" not in html and "onclick" not in html


def test_print_stylesheet_sets_a4_landscape_and_repeats_the_header():
    css = Path(finders.find("css/ledger_print.css")).read_text(encoding="utf-8")
    assert "@page { size: A4 landscape;" in css
    assert "thead { display: table-header-group; }" in css


@pytest.mark.django_db
def test_print_view_caps_the_rows_and_says_so(client, supervisor, ledger_data, monkeypatch):
    monkeypatch.setattr(ledger, "PRINT_MAX_ROWS", 2)
    client.force_login(supervisor)
    html = client.get(reverse("tracker:ledger-print")).text
    assert exports.TOO_MANY_TO_PRINT.format(total=5, limit=2) in html
    assert html.count('<td class="num">') == 2 * 3


@pytest.mark.django_db
def test_unit_staff_print_their_own_unit(client, town_a_staff, town_a, ledger_data):
    client.force_login(town_a_staff)
    html = client.get(reverse("tracker:unit-ledger-print", args=[town_a.pk])).text
    assert "甲镇任务台账" in html
    assert html.count("完成村级活动场所建设</td>") == 1
    assert "每季度召开专题会议" not in html
