from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import AssignmentFactory
from tests.tracker.evidence_samples import DOCX, EXE, JPEG, OLE2, PDF, PNG, XLSX, ZIP, upload
from tracker.models import Evidence, ProgressReport
from tracker.services import assignments as services
from tracker.services import evidence as checks
from tracker.services.assignments import WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("报告.pdf", PDF, "application/pdf"),
        ("台账.XLSX", XLSX, checks.ALLOWED_TYPES["xlsx"][0]),
        ("总结.docx", DOCX, checks.ALLOWED_TYPES["docx"][0]),
        ("旧表.xls", OLE2, "application/vnd.ms-excel"),
        ("旧文.doc", OLE2, "application/msword"),
        ("现场.jpg", JPEG, "image/jpeg"),
        ("现场.jpeg", JPEG, "image/jpeg"),
        ("截图.png", PNG, "image/png"),
        ("材料.zip", ZIP, "application/zip"),
    ],
)
def test_allowed_files_pass_by_extension_and_content(name, data, content_type):
    checked = checks.check_file(name=name, data=data, max_bytes=MB)
    assert (checked.name, checked.content_type) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", EXE, checks.TYPE_NOT_ALLOWED.format(name="病毒.exe")),
        ("无扩展名", PDF, checks.TYPE_NOT_ALLOWED.format(name="无扩展名")),
        ("伪装.pdf", EXE, checks.CONTENT_MISMATCH.format(name="伪装.pdf")),
        ("伪装.docx", XLSX, checks.CONTENT_MISMATCH.format(name="伪装.docx")),
        ("伪装.xlsx", ZIP, checks.CONTENT_MISMATCH.format(name="伪装.xlsx")),
        ("坏包.zip", b"PK\x03\x04broken", checks.CONTENT_MISMATCH.format(name="坏包.zip")),
        ("伪装.png", JPEG, checks.CONTENT_MISMATCH.format(name="伪装.png")),
        ("空.pdf", b"", checks.EMPTY_FILE.format(name="空.pdf")),
    ],
)
def test_bad_files_are_refused_with_a_chinese_reason(name, data, message):
    with pytest.raises(checks.EvidenceRejected) as rejected:
        checks.check_file(name=name, data=data, max_bytes=MB)
    assert str(rejected.value) == message


def test_a_browser_path_is_cut_to_the_file_name():
    checked = checks.check_file(name="C:\\Users\\张三\\报告.pdf", data=PDF, max_bytes=MB)
    assert checked.name == "报告.pdf"


@pytest.mark.django_db
def test_a_file_over_the_size_setting_is_refused_and_nothing_is_stored(settings, town_a_staff):
    settings.LUOSHI_MAX_EVIDENCE_MB = 1
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    big = upload("大文件.pdf", PDF + b"0" * MB)
    with pytest.raises(WorkflowRefused) as refused:
        services.report_progress(
            assignment=assignment, reported_by=town_a_staff, now=NOW, text="进展",
            progress=10, files=[upload("小.pdf", PDF), big], expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [checks.TOO_LARGE.format(name="大文件.pdf", limit=1)]
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()


@pytest.fixture
def report_with_file(town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    services.report_progress(
        assignment=assignment, reported_by=town_a_staff, now=NOW, text="已完成选址",
        progress=30, files=[upload("选址报告.pdf", PDF)], expected_version=1,
    )  # fmt: skip
    return Evidence.objects.get()


@pytest.mark.django_db
def test_evidence_is_stored_under_a_random_name_outside_static(report_with_file, settings):
    stored = report_with_file.file.name
    assert stored.startswith("evidence/") and stored.endswith(".pdf")
    assert "选址报告" not in stored
    assert (settings.MEDIA_ROOT / stored).read_bytes() == PDF
    assert report_with_file.original_name == "选址报告.pdf"
    assert report_with_file.size == len(PDF)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["town_a_staff", "town_a_leader", "supervisor", "leader"])
def test_users_who_may_see_the_assignment_download_its_evidence(
    client, report_with_file, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("tracker:evidence-download", args=[report_with_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_another_units_staff_gets_404_for_evidence(client, report_with_file, town_b_staff):
    client.force_login(town_b_staff)
    response = client.get(reverse("tracker:evidence-download", args=[report_with_file.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login_for_evidence(client, report_with_file):
    response = client.get(reverse("tracker:evidence-download", args=[report_with_file.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_evidence_has_no_public_url(client, report_with_file, supervisor):
    client.force_login(supervisor)
    for prefix in ("/media/", "/static/"):
        assert client.get(prefix + report_with_file.file.name).status_code == 404
