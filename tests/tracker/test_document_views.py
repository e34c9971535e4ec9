"""The pages of 督办单, 督查通报, 考核 and 领导批示, as each role sees them."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.factories import AssignmentFactory, TaskFactory
from tests.tracker.documents_data import NOW, WEEK_END, WEEK_START, build_week
from tracker.models import Bulletin, Instruction, ScoreWeights, SupervisionForm
from tracker.services.documents import bulletins
from tracker.views import documents as views

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(town_a, supervisor):
    task = TaskFactory(title="完成村级党群服务中心标准化建设", due_on=date(2026, 12, 31))
    return AssignmentFactory(task=task, unit=town_a)


def _issue_form(client, assignment, level="red"):
    return client.post(
        reverse("tracker:assignment-forms", args=[assignment.pk]),
        {"level": level, "requirements": "按标准建设", "feedback": "每月25日前报送进展"},
    )


def test_supervisor_issues_a_form_and_everyone_of_the_unit_downloads_the_same_file(
    client, assignment, supervisor, town_a_staff
):
    client.force_login(supervisor)
    response = _issue_form(client, assignment)
    assert response.status_code == 302
    form = SupervisionForm.objects.get()
    assert form.number == f"督〔{form.year}〕1号"
    page = client.get(reverse("tracker:assignment-forms", args=[assignment.pk])).content.decode()
    assert views.FORM_ISSUED.format(number=form.number) in page and "红色督办" in page
    client.force_login(town_a_staff)
    listed = client.get(reverse("tracker:assignment-forms", args=[assignment.pk]))
    assert form.number in listed.content.decode() and "编号并下发" not in listed.content.decode()
    download = client.get(reverse("tracker:supervision-form-download", args=[form.pk]))
    assert b"".join(download.streaming_content) == form.file.open("rb").read()
    printed = client.get(reverse("tracker:supervision-form-print", args=[form.pk])).content.decode()
    assert "督 办 单" in printed and form.number in printed and "按标准建设" in printed


def test_unit_staff_cannot_issue_and_another_unit_sees_nothing(
    client, assignment, town_a_staff, town_b_staff
):
    client.force_login(town_a_staff)
    assert _issue_form(client, assignment).status_code == 403
    client.force_login(town_b_staff)
    assert _issue_form(client, assignment).status_code == 404
    assert client.get(reverse("tracker:assignment-forms", args=[assignment.pk])).status_code == 404
    assert not SupervisionForm.objects.exists()


def test_a_form_without_requirements_is_shown_again_with_the_message(
    client, assignment, supervisor
):
    client.force_login(supervisor)
    response = client.post(
        reverse("tracker:assignment-forms", args=[assignment.pk]),
        {"level": "normal", "requirements": "", "feedback": "按月"},
    )
    assert response.status_code == 200 and "请填写办理要求" in response.content.decode()
    assert not SupervisionForm.objects.exists()


@pytest.fixture
def week(town_a, town_b, supervisor):
    return build_week(town_a=town_a, town_b=town_b, supervisor=supervisor)


def test_supervisor_requests_a_bulletin_and_its_build_is_queued_on_commit(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("tracker:bulletin-new"),
            {
                "period": "range",
                "start": "2026-11-23",
                "end": "2026-11-29",
                "named_after_days": "7",
            },
        )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == bulletin.get_absolute_url()
    assert bulletin.period_label == "2026年11月23日至11月29日" and len(queued) == 1
    status = client.get(bulletin.get_absolute_url(), headers={"HX-Request": "true"})
    assert (
        'id="bulletin-status"' in status.content.decode() and "<html" not in status.content.decode()
    )


def test_a_reversed_range_is_refused_on_the_form(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("tracker:bulletin-new"),
        {"period": "range", "start": "2026-11-29", "end": "2026-11-23", "named_after_days": "7"},
    )
    assert response.status_code == 200 and "统计起始日不能晚于截止日" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_preview_edit_and_issue_then_the_units_read_the_issued_bulletin(
    client, week, supervisor, town_b_staff
):
    bulletin = bulletins.request_bulletin(
        user=supervisor, start=WEEK_START, end=WEEK_END, label="2026年第48周", now=NOW
    )
    bulletins.build_bulletin(bulletin_id=bulletin.pk, now=NOW)
    client.force_login(town_b_staff)
    assert client.get(bulletin.get_absolute_url()).status_code == 404  # a draft is not theirs
    client.force_login(supervisor)
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert "一、总体情况" in page and "乙镇（逾期2项，最长19天）" in page and "确认印发" in page
    client.post(
        reverse("tracker:bulletin-closing", args=[bulletin.pk]), {"closing": "请各单位抓好整改。"}
    )
    draft = client.get(reverse("tracker:bulletin-download", args=[bulletin.pk]))
    texts = [p.text for p in Document(BytesIO(b"".join(draft.streaming_content))).paragraphs]
    assert "请各单位抓好整改。" in texts
    client.post(reverse("tracker:bulletin-issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    # issued through the view, which reads the clock: numbered in the year of issue
    issued_in = timezone.localdate().year
    assert bulletin.status == "issued" and bulletin.number.endswith(f"〔{issued_in}〕1号")
    client.force_login(town_b_staff)
    issued_page = client.get(bulletin.get_absolute_url()).content.decode()
    assert bulletin.number in issued_page and "确认印发" not in issued_page
    assert bulletin.number in client.get(reverse("tracker:bulletin-list")).content.decode()
    assert client.post(reverse("tracker:bulletin-issue", args=[bulletin.pk])).status_code == 403


def test_the_assessment_page_ranks_and_explains_and_marks_the_own_unit(client, week, town_a_staff):
    client.force_login(town_a_staff)
    response = client.get(
        reverse("tracker:assessment"),
        {"period": "range", "start": "2026-11-23", "end": "2026-11-29"},
    )
    page = response.content.decode()
    assert "考核排名 · 2026年11月23日至11月29日" in page
    assert "按时办结：1/2 项，50.0% × 60 = 30.0 分" in page
    assert 'data-unit="甲镇" class="own-unit"' in page
    assert "修改权重" not in page


def test_the_dashboard_links_the_ranking_and_the_bulletins(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("tracker:dashboard")).content.decode()
    assert reverse("tracker:assessment") in page and reverse("tracker:bulletin-list") in page


def test_an_administrator_saves_weights_and_a_supervisor_may_not(client, admin_user, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("tracker:score-weights")).status_code == 403
    client.force_login(admin_user)
    values = {
        "on_time": "50", "reports": "50", "per_overdue_day": "1", "overdue_cap": "20",
        "per_urge": "2", "urge_cap": "10", "per_return": "3", "return_cap": "10", "note": "调整",
    }  # fmt: skip
    assert client.post(reverse("tracker:score-weights"), values).status_code == 302
    assert ScoreWeights.objects.get().changed_by == admin_user
    page = client.get(reverse("tracker:assessment")).content.decode()
    assert "按时办结率 × 50.0" in page and "调整" in page


def test_leader_writes_an_instruction_that_shows_on_the_task_and_unit_pages(
    client, assignment, leader, town_a_staff
):
    client.force_login(leader)
    task_url = reverse("tracker:task-detail", args=[assignment.task_id])
    assert "写批示" in client.get(task_url).content.decode()
    response = client.post(
        reverse("tracker:task-instruction", args=[assignment.task_id]),
        {"text": "请甲镇本周内拿出方案", "assignment": str(assignment.pk), "due_on": ""},
    )
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.assignment == assignment and instruction.author == leader
    client.force_login(town_a_staff)
    assert "请甲镇本周内拿出方案" in client.get(task_url).content.decode()
    unit_page = client.get(reverse("tracker:unit-page", args=[assignment.unit_id])).content.decode()
    assert "请甲镇本周内拿出方案" in unit_page and "写批示" not in unit_page


def test_only_a_leader_may_post_an_instruction(
    client, assignment, supervisor, town_a_staff, town_b_staff
):
    url = reverse("tracker:task-instruction", args=[assignment.task_id])
    for user, status in ((supervisor, 403), (town_a_staff, 403), (town_b_staff, 404)):
        client.force_login(user)
        assert client.post(url, {"text": "请抓紧"}).status_code == status
    assert not Instruction.objects.exists()
