"""办结 and 销号: completing asks for the final report and means 100%; closed is never below."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AssignmentFactory
from tracker.models import Assignment, HistoryEntry, ProgressReport
from tracker.services import assignments as services

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
S = Assignment.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete(assignment, actor, reason="", files=()):
    return services.apply_transition(
        assignment=assignment, transition="complete", actor=actor, now=NOW,
        expected_version=assignment.version, reason=reason, files=files,
    )  # fmt: skip


@pytest.mark.django_db
def test_completing_needs_the_final_report(town_a_staff):
    share = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, progress=30)
    with pytest.raises(services.WorkflowRefused) as refused:
        complete(share, town_a_staff, reason="  ")
    assert refused.value.messages == [services.FINAL_REPORT_REQUIRED]
    share.refresh_from_db()
    assert (share.status, share.progress) == (S.IN_PROGRESS, 30)


@pytest.mark.django_db
def test_completing_at_30_percent_files_the_final_report_at_100(town_a_staff):
    share = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, progress=30)
    complete(share, town_a_staff, reason="全部完成", files=[SimpleUploadedFile("验收.pdf", PDF)])
    share.refresh_from_db()
    assert (share.status, share.progress) == (S.DONE, 100)
    report = ProgressReport.objects.get(assignment=share)
    assert (report.text, report.progress, report.author) == ("全部完成", 100, town_a_staff)
    assert report.evidence.get().original_name == "验收.pdf"
    entry = HistoryEntry.objects.get(assignment=share)
    assert entry.note == "全部完成（进度 30% → 100%）"


@pytest.mark.django_db
def test_closing_a_legacy_completion_leaves_it_at_100(supervisor):
    share = AssignmentFactory(status=S.DONE, progress=70)
    services.apply_transition(
        assignment=share, transition="close", actor=supervisor, now=NOW, expected_version=1
    )
    share.refresh_from_db()
    assert (share.status, share.progress) == (S.CLOSED, 100)


@pytest.mark.django_db
def test_migration_lifts_finished_rows_to_100(supervisor):
    closed = AssignmentFactory(status=S.CLOSED, progress=70)
    done = AssignmentFactory(status=S.DONE, progress=30)
    open_ = AssignmentFactory(status=S.IN_PROGRESS, progress=30)
    migration = importlib.import_module("tracker.migrations.0008_supervision_loop")
    migration.finished_work_at_100(django_apps, None)
    progress = dict(Assignment.objects.values_list("pk", "progress"))
    assert (progress[closed.pk], progress[done.pk], progress[open_.pk]) == (100, 100, 30)


@pytest.mark.django_db
def test_unit_page_completes_with_a_final_report(client, town_a_staff, town_a):
    share = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS, progress=30)
    client.force_login(town_a_staff)
    panel_url = reverse("tracker:unit-assignment-panel", args=[town_a.pk, share.pk])
    panel = client.get(panel_url, HTTP_HX_REQUEST="true").text
    assert 'data-transition-box="complete"' in panel and "办结情况" in panel
    response = client.post(
        reverse("tracker:unit-assignment-transition", args=[town_a.pk, share.pk]),
        {"transition": "complete", "version": share.version, "reason": "已全部完成"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    share.refresh_from_db()
    assert (share.status, share.progress) == (S.DONE, 100)


@pytest.mark.django_db
def test_supervisor_returns_with_a_reason_from_the_unit_page(client, supervisor, town_a):
    share = AssignmentFactory(unit=town_a, status=S.DONE, progress=100)
    client.force_login(supervisor)
    panel_url = reverse("tracker:unit-assignment-panel", args=[town_a.pk, share.pk])
    panel = client.get(panel_url, HTTP_HX_REQUEST="true").text
    assert 'data-transition-box="return"' in panel and "退回理由" in panel
    url = reverse("tracker:unit-assignment-transition", args=[town_a.pk, share.pk])
    refused = client.post(url, {"transition": "return", "version": 1}, HTTP_HX_REQUEST="true")
    assert services.RETURN_REASON_REQUIRED in refused.text
    client.post(
        url, {"transition": "return", "version": 1, "reason": "缺照片"}, HTTP_HX_REQUEST="true"
    )
    share.refresh_from_db()
    assert share.status == S.IN_PROGRESS
    assert HistoryEntry.objects.get(assignment=share).note == "缺照片"
