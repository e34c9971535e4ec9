from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssignmentFactory
from tests.tracker.evidence_samples import PDF, upload
from tracker.models import Assignment, HistoryEntry, ProgressReport
from tracker.services import assignments as services

S = Assignment.Status
HX = {"HX-Request": "true"}


def buttons(html: str) -> set[str]:
    return {t for t in ("start", "complete", "return", "close") if f'data-transition="{t}"' in html}


@pytest.mark.django_db
def test_page_shows_state_chinese_due_date_and_overdue_badge(client, town_a_staff):
    yesterday = timezone.localdate() - timedelta(days=1)
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, due_on=yesterday)
    client.force_login(town_a_staff)
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert "推进中" in html
    assert f"{yesterday.year}年{yesterday.month}月{yesterday.day}日" in html
    assert "已逾期" in html
    assert buttons(html) == {"complete"}
    assert 'name="text"' in html and 'for="id_text"' in html  # the report form, labelled
    assert "申请延期" in html
    assert "调整时限" not in html and "改派" not in html


@pytest.mark.django_db
def test_supervisor_sees_review_buttons_and_management_forms(client, supervisor, town_a):
    assignment = AssignmentFactory(unit=town_a, status=S.DONE)
    client.force_login(supervisor)
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert buttons(html) == {"return", "close"}
    assert "退回理由" in html
    assert "调整时限" in html and "改派" in html
    assert "已逾期" not in html


@pytest.mark.django_db
def test_leader_sees_no_buttons_and_no_forms(client, leader, town_a):
    assignment = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS)
    client.force_login(leader)
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert buttons(html) == set()
    assert "<form" not in html.split('id="assignment-panel"')[1]


@pytest.mark.django_db
def test_htmx_get_returns_the_panel_only(client, town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    client.force_login(town_a_staff)
    response = client.get(assignment.get_absolute_url(), headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="assignment-panel"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_htmx_report_updates_the_panel_with_latest_report_and_file(client, town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    client.force_login(town_a_staff)
    response = client.post(
        reverse("tracker:report-progress", args=[assignment.pk]),
        {"text": "完成选址<script>alert(1)</script>", "progress": 35, "version": 1,
         "files": [upload("选址.pdf", PDF)]},
        headers=HX,
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "进展已填报" in html
    assert "35%" in html and "推进中" in html
    assert "选址.pdf" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'name="version" value="2"' in html  # the fresh form carries the new version


@pytest.mark.django_db
def test_invalid_report_rerenders_bound_with_message_and_changes_nothing(client, town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, progress=50)
    client.force_login(town_a_staff)
    response = client.post(
        reverse("tracker:report-progress", args=[assignment.pk]),
        {"text": "回头看", "progress": 20, "version": 1},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert services.PROGRESS_DECREASE.format(current=50) in html
    assert "回头看" in html  # the user's text is kept
    assignment.refresh_from_db()
    assert (assignment.progress, assignment.version) == (50, 1)
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_plain_post_redirects_back_with_a_message(client, town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS)
    client.force_login(town_a_staff)
    response = client.post(
        reverse("tracker:assignment-transition", args=[assignment.pk]),
        {"transition": "complete", "version": 1, "reason": "已全部完成"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == assignment.get_absolute_url()
    assert "状态已更新" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == S.DONE


@pytest.mark.django_db
def test_extension_request_and_decision_through_the_page(client, town_a_staff, supervisor):
    due = timezone.localdate() + timedelta(days=10)
    later = due + timedelta(days=30)
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, due_on=due)
    client.force_login(town_a_staff)
    response = client.post(
        reverse("tracker:request-extension", args=[assignment.pk]),
        {"new_due_on": later.isoformat(), "reason": "资金未到位", "version": 1},
        headers=HX,
    )
    assert "待审批" in response.content.decode()
    client.force_login(supervisor)
    extension = assignment.extension_requests.get()
    response = client.post(
        reverse("tracker:decide-extension", args=[assignment.pk]),
        {"extension": extension.pk, "decision": "refuse", "note": "", "version": 2},
        headers=HX,
    )
    assert services.REFUSAL_NOTE_REQUIRED in response.content.decode()
    response = client.post(
        reverse("tracker:decide-extension", args=[assignment.pk]),
        {"extension": extension.pk, "decision": "approve", "note": "同意", "version": 2},
        headers=HX,
    )
    assignment.refresh_from_db()
    assert assignment.due_on == later
    assert f"{later.year}年{later.month}月{later.day}日" in response.content.decode()
    kinds = list(HistoryEntry.objects.values_list("kind", flat=True))
    assert kinds == ["extension_requested", "extension_approved"]


@pytest.mark.django_db
def test_return_without_reason_shows_the_message(client, supervisor, town_a):
    assignment = AssignmentFactory(unit=town_a, status=S.DONE)
    client.force_login(supervisor)
    response = client.post(
        reverse("tracker:assignment-transition", args=[assignment.pk]),
        {"transition": "return", "version": 1, "reason": ""},
        headers=HX,
    )
    assert services.RETURN_REASON_REQUIRED in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == S.DONE
