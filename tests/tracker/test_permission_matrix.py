"""Each role × each action × own unit / other unit: the status code AND an unchanged database."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import User
from tests.factories import AssignmentFactory, TaskFactory, UserFactory
from tests.tracker.evidence_samples import PDF, upload
from tracker.models import (
    Assignment,
    Evidence,
    ExtensionRequest,
    HistoryEntry,
    ProgressReport,
    Task,
)
from tracker.services import assignments as services

S = Assignment.Status
PAST = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    status: str  # the state the assignment must be in for the action to make sense
    method: str
    url_name: str
    data: dict
    writes: bool = True
    with_extension: bool = False
    with_evidence: bool = False
    on_task: bool = False


def _later() -> str:
    return (timezone.localdate() + timedelta(days=60)).isoformat()


CASES = {
    "view_assignment": Case(S.IN_PROGRESS, "get", "tracker:assignment-detail", {}, writes=False),
    "view_task": Case(S.IN_PROGRESS, "get", "tracker:task-detail", {}, writes=False, on_task=True),
    "download_evidence": Case(
        S.IN_PROGRESS, "get", "tracker:evidence-download", {}, writes=False, with_evidence=True
    ),
    "start": Case(S.PENDING, "post", "tracker:assignment-transition", {"transition": "start"}),
    "complete": Case(
        S.IN_PROGRESS,
        "post",
        "tracker:assignment-transition",
        {"transition": "complete", "reason": "已全部完成"},
    ),
    "return": Case(
        S.DONE, "post", "tracker:assignment-transition", {"transition": "return", "reason": "补"}
    ),
    "close": Case(S.DONE, "post", "tracker:assignment-transition", {"transition": "close"}),
    "report": Case(
        S.IN_PROGRESS, "post", "tracker:report-progress", {"text": "进展", "progress": 50}
    ),
    "request_extension": Case(
        S.IN_PROGRESS, "post", "tracker:request-extension", {"new_due_on": "LATER", "reason": "因"}
    ),
    "decide_extension": Case(
        S.IN_PROGRESS,
        "post",
        "tracker:decide-extension",
        {"decision": "approve", "extension": "EXT"},
        with_extension=True,
    ),
    "change_due_date": Case(S.IN_PROGRESS, "post", "tracker:change-due-date", {"due_on": "LATER"}),
    "reassign": Case(S.IN_PROGRESS, "post", "tracker:reassign", {"unit": "OTHER"}),
    "edit_task": Case(
        S.IN_PROGRESS, "post", "tracker:task-edit", {"title": "改过的任务"}, on_task=True
    ),
}
UNIT_MAY = {"view_assignment", "view_task", "download_evidence", "start", "complete", "report",
            "request_extension"}  # fmt: skip
READ_ONLY = {"view_assignment", "view_task", "download_evidence"}
ROLES = ["supervisor", "admin_user", "leader", "town_a_staff", "town_a_leader", "town_b_staff"]


def expected_status(role: str, action: str, own: bool) -> int:
    case = CASES[action]
    ok = 302 if case.writes else 200
    if role in ("supervisor", "admin_user"):
        return ok
    if role == "leader":
        return ok if action in READ_ONLY else 403
    if not own:
        return 404
    return ok if action in UNIT_MAY else 403


def snapshot() -> tuple:
    return (
        list(Assignment.objects.order_by("pk").values_list(
            "status", "version", "due_on", "unit_id", "progress")),
        list(Task.objects.order_by("pk").values_list("title", "version")),
        HistoryEntry.objects.count(),
        ProgressReport.objects.count(),
        list(ExtensionRequest.objects.order_by("pk").values_list("status", flat=True)),
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("action", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, town_a, town_b, town_a_staff, role, action, target):
    user = request.getfixturevalue(role)
    case = CASES[action]
    # "own": the assignment of the user's unit (甲镇 for everyone without a unit).
    if role == "town_b_staff":
        unit = town_b if target == "own" else town_a
    else:
        unit = town_a if target == "own" else town_b
    spare = AssignmentFactory().unit  # a free unit to reassign to
    assignment = AssignmentFactory(
        task=TaskFactory(),
        unit=unit,
        status=case.status,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    data = dict(case.data)
    if case.with_extension:
        extension = ExtensionRequest.objects.create(
            assignment=assignment, requested_by=town_a_staff, requested_at=PAST,
            old_due_on=assignment.due_on, new_due_on=assignment.due_on + timedelta(days=60),
            reason="天气",
        )  # fmt: skip
        data["extension"] = extension.pk
    pk = assignment.task_id if case.on_task else assignment.pk
    if case.with_evidence:
        _evidence_for(assignment)
        pk = Evidence.objects.get().pk
    data = {
        key: (_later() if value == "LATER" else spare.pk if value == "OTHER" else value)
        for key, value in data.items()
    }
    if case.method == "post":
        data["version"] = Task.objects.get(pk=pk).version if case.on_task else (
            Assignment.objects.get(pk=assignment.pk).version
        )  # fmt: skip
    before = snapshot()

    client.force_login(user)
    url = reverse(case.url_name, args=[pk])
    response = client.get(url) if case.method == "get" else client.post(url, data)

    expected = expected_status(role, action, target == "own")
    assert response.status_code == expected, response.content.decode()[:500]
    if expected in (302, 200) and case.writes:
        assert snapshot() != before
    else:
        assert snapshot() == before


def _evidence_for(assignment):
    staff = UserFactory(username=f"staff_of_{assignment.unit_id}", role=User.Role.UNIT_STAFF,
                        unit=assignment.unit)  # fmt: skip
    services.report_progress(
        assignment=assignment, reported_by=staff, now=PAST, text="附件", progress=10,
        files=[upload("b.pdf", PDF)], expected_version=1,
    )  # fmt: skip
