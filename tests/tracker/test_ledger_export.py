"""The Excel ledger: exported, read back with openpyxl, compared with the database."""

import io
import re
from datetime import date, datetime, timedelta
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from tests.tracker.ledger_data import (
    NOW,
    SHANGHAI,
    TODAY,
    assign,
    build_ledger_data,
    make_task,
    report,
)
from tracker.filters import AssignmentFilters
from tracker.models import Assignment, LedgerExport
from tracker.services import ledger


@pytest.fixture
def ledger_data(town_a, town_b):
    return build_ledger_data(town_a, town_b)


def build(user, *, unit=None, query="") -> openpyxl.Workbook:
    export = LedgerExport.objects.create(
        requested_by=user, unit=unit, query=query, as_of=TODAY, created_at=NOW
    )
    export = ledger.build_export(export_id=export.pk, now=NOW)
    assert export.status == LedgerExport.Status.DONE, export.error
    with export.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()))


def data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


@pytest.mark.django_db
def test_exported_ledger_reads_back_as_the_database(supervisor, ledger_data):
    workbook = build(supervisor)

    assert workbook.sheetnames == ["任务台账"]
    sheet = workbook["任务台账"]
    assert sheet["A1"].value.startswith("任务台账")
    assert "2026年11月25日" in sheet["A1"].value
    assert [cell.value for cell in sheet[2]] == list(ledger.HEADERS)
    assert sheet.freeze_panes == "C3"
    # Stored as Excel shows it: 40 characters plus the cell padding (40.71).
    assert int(sheet.column_dimensions["C"].width) == 40
    rows = data_rows(sheet)
    assert len(rows) == Assignment.objects.count() == 5
    by_title_unit = {(row[2], row[4], row[5]): row for row in rows}

    source = "《在全区重点工作推进会上的讲话》（2026年3月5日）"
    a_row = by_title_unit[("完成村级活动场所建设", "甲镇", "乙镇、青山")]
    assert a_row[1] == source
    assert a_row[3] == "完成村级活动场所建设（原文）"
    assert a_row[6] == datetime(2026, 11, 20)  # a real date cell, not text
    assert a_row[7] == "推进中"
    assert a_row[8] == pytest.approx(0.40)
    assert a_row[9] == "主体工程完工="  # the latest report, not the first
    assert a_row[10] == 5  # due 11-20, today 11-25

    b_row = by_title_unit[("完成村级活动场所建设", "甲镇", "乙镇")]
    assert b_row[9] == "=SUM(A1:A9)"  # stays text: never turned into a formula
    assert b_row[10] == 5
    closed = by_title_unit[("完成村级活动场所建设", "甲镇", "青山")]
    assert closed[7] == "已销号" and closed[10] is None  # closed work is never overdue

    manual = by_title_unit[("每季度召开专题会议", "乙镇", None)]
    assert manual[1] == ledger.NO_SOURCE
    assert manual[7] == "已完成（待审核）" and manual[8] == 1
    undated = by_title_unit[("长期坚持的工作", "青山", None)]
    assert undated[6] is None and undated[10] is None
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_cells_are_styled_for_reading_in_excel(supervisor, ledger_data):
    sheet = build(supervisor)["任务台账"]
    due = sheet["G3"]
    assert due.is_date and due.number_format == ledger.DATE_FORMAT
    assert sheet["I3"].number_format == "0%"
    assert sheet["C3"].alignment.wrap_text
    starts_like_formulas = [
        cell
        for (cell,) in sheet.iter_rows(min_col=10, max_col=10, min_row=3)
        if str(cell.value or "").startswith("=")
    ]
    assert starts_like_formulas
    assert all(cell.data_type != "f" for cell in starts_like_formulas)
    assert sheet.auto_filter.ref == "A2:M7"
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.django_db
def test_export_honours_the_dashboard_filters(supervisor, ledger_data):
    query = AssignmentFilters.from_querydict({"kind": "township", "state": "overdue"})
    sheet = build(supervisor, query=query.as_querystring())["任务台账"]
    rows = data_rows(sheet)
    units = sorted((row[4], row[5]) for row in rows)
    assert units == [("甲镇", "乙镇"), ("甲镇", "乙镇、青山")]  # 甲镇 lead and 乙镇 cooperating
    assert all(row[10] == 5 for row in rows)
    assert "（已筛选）" in sheet["A1"].value

    by_speech = build(supervisor, query=f"speech={ledger_data['speech'].pk}&q=村级")
    assert len(data_rows(by_speech["任务台账"])) == 3


@pytest.mark.django_db
def test_unit_export_holds_only_that_unit_and_names_the_sheet_after_it(
    town_a_staff, town_a, ledger_data
):
    workbook = build(town_a_staff, unit=town_a)
    assert workbook.sheetnames == ["甲镇任务台账"]
    rows = data_rows(workbook["甲镇任务台账"])
    assert [(row[2], row[4]) for row in rows] == [("完成村级活动场所建设", "甲镇")]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_rows(supervisor, town_a, town_b):
    def count_queries() -> int:
        export = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
        with CaptureQueriesContext(connection) as queries:
            ledger.build_export(export_id=export.pk, now=NOW)
        return len(queries)

    task = make_task(title="小规模", due_on=date(2026, 11, 1))
    assignment = assign(task, town_a)
    report(assignment, "进展", at=NOW)
    small = count_queries()
    for number in range(30):
        task = make_task(title=f"任务{number}", due_on=date(2026, 12, 1))
        for unit in (town_a, town_b):
            report(assign(task, unit), f"进展{number}", at=NOW)
    assert count_queries() == small


@pytest.mark.django_db
def test_requesting_an_export_queues_the_build_after_commit_and_shows_progress(
    client, supervisor, ledger_data, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, kwargs: sent.append((name, kwargs)))
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracker:ledger-export") + "?kind=township&bogus=1")
    export = LedgerExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:ledger-export-status", args=[export.pk])
    assert export.query == "kind=township" and export.unit is None
    assert export.as_of == timezone.localdate()
    assert sent == [(ledger.BUILD_TASK, {"export_id": export.pk})]

    waiting = client.get(response["Location"], headers={"HX-Request": "true"})
    assert waiting.text.lstrip().startswith('<section id="export-status"')
    assert "hx-trigger" in waiting.text and "生成进度" in waiting.text

    ledger.build_export(export_id=export.pk, now=NOW)
    finished = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.text  # polling stops
    download = client.get(reverse("tracker:ledger-export-download", args=[export.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert ".xlsx" in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert {row[4] for row in data_rows(sheet)} <= {"甲镇", "乙镇、青山", "乙镇"}


@pytest.mark.django_db
def test_a_finished_export_is_not_rebuilt_by_a_second_delivery(supervisor, ledger_data):
    export = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
    first = ledger.build_export(export_id=export.pk, now=NOW)
    again = ledger.build_export(export_id=export.pk, now=datetime(2026, 11, 26, tzinfo=SHANGHAI))
    assert again.file.name == first.file.name
    assert again.finished_at == NOW


@pytest.mark.django_db
def test_unit_staff_cannot_export_other_units_or_the_whole_ledger(
    client, town_a_staff, town_a, town_b, ledger_data
):
    client.force_login(town_a_staff)
    other = client.post(reverse("tracker:unit-ledger-export", args=[town_b.pk]))
    whole = client.post(reverse("tracker:ledger-export"))
    print_other = client.get(reverse("tracker:unit-ledger-print", args=[town_b.pk]))
    print_whole = client.get(reverse("tracker:ledger-print"))
    assert [other.status_code, whole.status_code] == [403, 403]
    assert [print_other.status_code, print_whole.status_code] == [403, 403]
    assert not LedgerExport.objects.exists()

    own = client.post(reverse("tracker:unit-ledger-export", args=[town_a.pk]))
    assert own.status_code == 302
    assert LedgerExport.objects.get().unit == town_a


@pytest.mark.django_db
def test_someone_elses_export_is_not_found(client, supervisor, leader, ledger_data):
    export = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
    ledger.build_export(export_id=export.pk, now=NOW)
    client.force_login(leader)
    status = client.get(reverse("tracker:ledger-export-status", args=[export.pk]))
    download = client.get(reverse("tracker:ledger-export-download", args=[export.pk]))
    assert [status.status_code, download.status_code] == [404, 404]


@pytest.mark.django_db
def test_leaders_may_export_the_whole_ledger(client, leader, ledger_data, monkeypatch):
    monkeypatch.setattr(celery_app, "send_task", lambda name, kwargs: None)
    client.force_login(leader)
    assert client.post(reverse("tracker:ledger-export")).status_code == 302
    assert LedgerExport.objects.get().requested_by == leader


@pytest.mark.django_db
def test_dashboard_and_unit_page_buttons_carry_the_current_filters(
    client, supervisor, town_a, ledger_data, monkeypatch
):
    monkeypatch.setattr(celery_app, "send_task", lambda name, kwargs: None)
    client.force_login(supervisor)
    dashboard = client.get(reverse("tracker:dashboard"), {"kind": "township", "q": "村级"})
    action = unescape(
        re.search(r'<form method="post" action="([^"]*ledger/export/[^"]*)"', dashboard.text)[1]
    )
    assert client.post(action).status_code == 302
    assert LedgerExport.objects.get().query == "kind=township&q=%E6%9D%91%E7%BA%A7"

    unit_page = client.get(reverse("tracker:unit-page", args=[town_a.pk]))
    assert reverse("tracker:unit-ledger-export", args=[town_a.pk]) in unit_page.text
    assert reverse("tracker:unit-ledger-print", args=[town_a.pk]) in unit_page.text


@pytest.mark.django_db
def test_a_stuck_or_failed_export_can_be_queued_again(
    client, supervisor, admin_user, ledger_data, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, kwargs: sent.append(kwargs))
    long_ago = timezone.now() - timedelta(minutes=10)
    stuck = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=long_ago)
    # one unfinished export per user: the fresh one is another user's
    fresh = LedgerExport.objects.create(
        requested_by=admin_user, as_of=TODAY, created_at=timezone.now()
    )
    client.force_login(supervisor)
    page = client.get(reverse("tracker:ledger-export-status", args=[stuck.pk]))
    assert "重新生成" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracker:ledger-export-retry", args=[stuck.pk]))
    client.force_login(admin_user)
    assert (
        "重新生成" not in client.get(reverse("tracker:ledger-export-status", args=[fresh.pk])).text
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracker:ledger-export-retry", args=[fresh.pk]))  # not stuck: no-op
    assert sent == [{"export_id": stuck.pk}]
    stuck.refresh_from_db()
    assert stuck.status == LedgerExport.Status.QUEUED and stuck.created_at > long_ago


@pytest.mark.django_db
def test_old_exports_and_their_files_are_pruned_on_the_next_request(supervisor, ledger_data):
    old = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
    old = ledger.build_export(export_id=old.pk, now=NOW)
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    later = NOW + timedelta(days=ledger.KEEP_EXPORTS_DAYS + 1)
    ledger.request_export(
        user=supervisor, filters=AssignmentFilters(), now=later, today=later.date()
    )
    assert not LedgerExport.objects.filter(pk=old.pk).exists()
    assert not storage.exists(name)


def test_every_text_cell_is_written_as_text_never_as_a_formula():
    row = ledger.LedgerRow(
        number=1,
        assignment_id=1,
        source="@SUM(A1)",
        title="+1+1",
        quote="-2-2",
        lead_units='=HYPERLINK("http://x")',
        cooperating_units="",
        due_on=None,
        status="推进中",
        progress=30,
        latest_report="含\x01控制字符",
        overdue_days=None,
    )
    out = io.BytesIO()
    assert ledger.write_ledger(rows=[row], out=out, title="t", sheet_name="任务台账") == 1
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["任务台账"]
    cells = {cell.column_letter: cell for cell in sheet[3]}
    for letter, text in (("B", "@SUM(A1)"), ("C", "+1+1"), ("D", "-2-2"), ("E", row.lead_units)):
        assert cells[letter].value == text and cells[letter].data_type == "s"
    assert cells["J"].value == "含控制字符"  # characters XML forbids are dropped
    assert cells["I"].value == pytest.approx(0.30)


@pytest.mark.django_db
def test_ledger_has_the_report_clock_and_the_urge_count(supervisor, town_a, town_b):
    from tests.factories import AssignmentFactory, TaskFactory
    from tracker.services import urging

    monthly = TaskFactory(title="每月报送的任务", report_cadence="monthly", due_on=date(2027, 6, 1))
    created = datetime(2026, 6, 1, 2, 0, tzinfo=SHANGHAI)
    late = AssignmentFactory(task=monthly, unit=town_a, created_at=created)
    AssignmentFactory(task=TaskFactory(title="无报送要求"), unit=town_b, created_at=created)
    urging.urge_assignment(assignment=late, urged_by=supervisor, message="请报送", now=NOW)
    rows = {row[2]: row for row in data_rows(build(supervisor)["任务台账"])}
    assert ledger.HEADERS[-2:] == ("报送情况", "催办次数")
    assert rows["每月报送的任务"][-2:] == ("报送逾期（2026年10月25日未报送）", 1)
    assert rows["无报送要求"][-2:] == (None, 0)
