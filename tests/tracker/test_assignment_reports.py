from datetime import UTC, datetime

import pytest

from tests.factories import AssignmentFactory
from tests.tracker.evidence_samples import EXE, PDF, PNG, upload
from tracker.models import Assignment, Evidence, HistoryEntry, ProgressReport
from tracker.selectors import latest_report
from tracker.services import assignments as services
from tracker.services import evidence as checks
from tracker.services.assignments import WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
LATER = datetime(2024, 6, 8, 2, 0, tzinfo=UTC)
S = Assignment.Status


def report(assignment, user, *, now=NOW, **kwargs):
    values = {"text": "正在推进", "progress": 20, "expected_version": assignment.version}
    values.update(kwargs)
    return services.report_progress(assignment=assignment, reported_by=user, now=now, **values)


@pytest.mark.django_db
def test_a_report_on_a_pending_assignment_starts_it(town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    filed = report(assignment, town_a_staff, text="完成摸底", progress=25)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.progress, assignment.version) == (S.IN_PROGRESS, 25, 2)
    assert (filed.author, filed.created_at, filed.text) == (town_a_staff, NOW, "完成摸底")
    kinds = list(HistoryEntry.objects.values_list("kind", "old_value", "new_value"))
    assert kinds == [("status", "未开始", "推进中"), ("progress", "0%", "25%")]


@pytest.mark.django_db
def test_the_latest_report_is_the_newest_with_its_files(town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    report(assignment, town_a_staff, text="第一次", progress=10)
    assignment.refresh_from_db()
    report(
        assignment, town_a_staff, now=LATER, text="第二次", progress=40,
        files=[upload("照片.png", PNG), upload("方案.pdf", PDF)],
    )  # fmt: skip
    latest = latest_report(assignment)
    assert latest.text == "第二次"
    assert sorted(e.original_name for e in latest.evidence.all()) == ["方案.pdf", "照片.png"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, services.REPORT_TEXT_REQUIRED),
        ({"progress": 101}, services.PROGRESS_OUT_OF_RANGE),
        ({"progress": -1}, services.PROGRESS_OUT_OF_RANGE),
        ({"files": [upload("木马.pdf", EXE)]}, checks.CONTENT_MISMATCH.format(name="木马.pdf")),
        ({"files": [upload("程序.exe", EXE)]}, checks.TYPE_NOT_ALLOWED.format(name="程序.exe")),
    ],
)
def test_bad_reports_are_refused_and_change_nothing(town_a_staff, kwargs, message):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    with pytest.raises(WorkflowRefused) as refused:
        report(assignment, town_a_staff, **kwargs)
    assert refused.value.messages == [message]
    assignment.refresh_from_db()
    assert (assignment.status, assignment.progress, assignment.version) == (S.PENDING, 0, 1)
    assert not ProgressReport.objects.exists()
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_progress_does_not_go_down_without_confirmation(town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, progress=60)
    with pytest.raises(WorkflowRefused) as refused:
        report(assignment, town_a_staff, progress=40)
    assert refused.value.messages == [services.PROGRESS_DECREASE.format(current=60)]
    report(assignment, town_a_staff, progress=40, confirm_decrease=True, text="上次填报有误")
    assignment.refresh_from_db()
    assert assignment.progress == 40
    entry = HistoryEntry.objects.get(kind="progress")
    assert (entry.old_value, entry.new_value, entry.note) == ("60%", "40%", "上次填报有误")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DONE, S.CLOSED])
def test_no_reports_on_finished_assignments(town_a_staff, status):
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=status, progress=100)
    with pytest.raises(WorkflowRefused) as refused:
        report(assignment, town_a_staff, progress=100)
    assert refused.value.messages == [services.REPORT_NOT_OPEN]


@pytest.mark.django_db
def test_too_many_files_are_refused(town_a_staff):
    assignment = AssignmentFactory(unit=town_a_staff.unit)
    files = [upload(f"{n}.pdf", PDF) for n in range(checks.MAX_FILES_PER_REPORT + 1)]
    with pytest.raises(WorkflowRefused) as refused:
        report(assignment, town_a_staff, files=files)
    assert refused.value.messages == [
        checks.TOO_MANY_FILES.format(limit=checks.MAX_FILES_PER_REPORT)
    ]
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_lock_reads_the_named_rows_only_and_the_same_sql_for_every_assignment(
    town_a_staff, django_assert_num_queries
):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from directory.policy import Action
    from tracker.services.assignments.base import lock_for_write

    first, second = (
        AssignmentFactory(unit=town_a_staff.unit),
        AssignmentFactory(unit=town_a_staff.unit),
    )
    statements = []
    for assignment, related in ((first, ("unit",)), (second, ("unit",)), (first, ())):
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            locked = lock_for_write(
                assignment, actor=town_a_staff, action=Action.REPORT_PROGRESS,
                expected_version=assignment.version, related=related,
            )  # fmt: skip
            statements.append(ctx.captured_queries[-1]["sql"])
            if related:
                with django_assert_num_queries(0):
                    assert locked.unit.name == town_a_staff.unit.name
        assert (locked.pk, locked.task_id, locked.version) == (
            assignment.pk, assignment.task_id, assignment.version,
        )  # fmt: skip
    assert "FOR UPDATE OF" in statements[0]
    assert statements[0].replace(str(first.pk), "?") == statements[1].replace(str(second.pk), "?")
    assert "JOIN" not in statements[2]  # no related rows named: none joined (nor locked)
    with transaction.atomic(), pytest.raises(Assignment.DoesNotExist):
        lock_for_write(
            Assignment(pk=10**9), actor=town_a_staff, action=Action.REPORT_PROGRESS,
            expected_version=1, related=(),
        )  # fmt: skip
