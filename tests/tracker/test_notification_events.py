"""A notice of something that happened is told once per event, not once per day: a second 批示,
return, task edit, removal or 通报 the same day reaches the unit too; the same event told
again (a retried call) still makes no second row, and the scans' reminders stay once a day."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import AssignmentFactory, TaskFactory
from tests.tracker.documents_data import NOW as WEEK_NOW
from tests.tracker.documents_data import WEEK_END, WEEK_START, build_week
from tracker.models import Assignment, Notification
from tracker.services import assignments as workflow
from tracker.services import instructions
from tracker.services.documents import bulletins, notices

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=3)  # the same day in 北京 as in UTC
S = Assignment.Status
pytestmark = pytest.mark.django_db


def _received(user, kind) -> list[str]:
    rows = Notification.objects.filter(recipient=user, kind=kind, channel="in_app")
    return list(rows.order_by("created_at").values_list("body", flat=True))


def test_two_instructions_on_one_assignment_the_same_day_are_both_told(
    leader, town_a, town_a_staff
):
    share = AssignmentFactory(unit=town_a, due_on=date(2026, 12, 31))
    for text, at in (("请加快进度", NOW), ("请本周内报送整改情况", LATER)):
        instructions.write_instruction(task=share.task, assignment=share, author=leader, text=text,
                                       now=at)  # fmt: skip
    bodies = _received(town_a_staff, Notification.Kind.INSTRUCTION)
    assert len(bodies) == 2
    assert "请加快进度" in bodies[0] and "请本周内报送整改情况" in bodies[1]


def test_a_completion_returned_twice_the_same_day_tells_both_reasons(
    supervisor, town_a, town_a_staff
):
    share = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS)
    for n, reason in enumerate(("缺少验收材料", "验收材料未盖章")):
        at = NOW + timedelta(minutes=10 * n)
        version = Assignment.objects.get(pk=share.pk).version
        workflow.apply_transition(assignment=share, transition="complete", actor=town_a_staff,
                                  now=at, expected_version=version, reason="已完成")  # fmt: skip
        workflow.apply_transition(assignment=share, transition="return", actor=supervisor,
                                  now=at, expected_version=version + 1, reason=reason)  # fmt: skip
    returned = _received(town_a_staff, Notification.Kind.RETURNED)
    assert returned == ["退回理由：缺少验收材料", "退回理由：验收材料未盖章"]
    assert len(_received(supervisor, Notification.Kind.COMPLETED)) == 2


def test_two_edits_of_a_task_the_same_day_are_both_told(supervisor, town_a, town_a_staff):
    task = TaskFactory(title="建设活动场所")
    AssignmentFactory(task=task, unit=town_a)
    for title, at in (("建设村级活动场所", NOW), ("建设村级综合活动场所", LATER)):
        task.refresh_from_db()
        workflow.edit_task(task=task, edited_by=supervisor, now=at, expected_version=task.version,
                           title=title, target=task.target, due_on=task.due_on)  # fmt: skip
    assert _received(town_a_staff, Notification.Kind.TASK_CHANGED) == [
        "任务内容：建设村级活动场所",
        "任务内容：建设村级综合活动场所",
    ]


def test_two_tasks_taken_from_a_unit_the_same_day_are_both_told(
    supervisor, town_a, town_b, town_b_staff
):
    """Removed shares are deleted, so these notices have no assignment: the other key."""
    for title in ("整治河道", "修缮校舍"):
        task = TaskFactory(title=title)
        AssignmentFactory(task=task, unit=town_a)
        AssignmentFactory(task=task, unit=town_b)
        workflow.edit_task(task=task, edited_by=supervisor, now=NOW, expected_version=task.version,
                           title=task.title, target=task.target, due_on=task.due_on,
                           units=[town_a])  # fmt: skip
    bodies = _received(town_b_staff, Notification.Kind.UNASSIGNED)
    assert len(bodies) == 2
    assert "整治河道" in bodies[0] and "修缮校舍" in bodies[1]


def test_two_bulletins_issued_the_same_day_are_both_told(town_a, town_b, supervisor, town_b_staff):
    build_week(town_a=town_a, town_b=town_b, supervisor=supervisor)
    numbers = []
    for _ in range(2):
        drafted = bulletins.request_bulletin(
            user=supervisor, start=WEEK_START, end=WEEK_END, label="2026年第48周", now=WEEK_NOW
        )
        drafted = bulletins.build_bulletin(bulletin_id=drafted.pk, now=WEEK_NOW)
        numbers.append(bulletins.issue_bulletin(bulletin=drafted, user=supervisor,
                                                now=WEEK_NOW).number)  # fmt: skip
    bodies = _received(town_b_staff, Notification.Kind.BULLETIN)
    assert numbers == ["督通〔2026〕1号", "督通〔2026〕2号"]
    assert [number in body for number, body in zip(numbers, bodies, strict=True)] == [True, True]


def test_the_same_event_told_again_makes_no_second_row(town_a, town_a_staff):
    share = AssignmentFactory(unit=town_a)
    for _ in range(2):  # a retried call: same event, same day
        notices.notify([town_a_staff], assignment=share, kind=Notification.Kind.INSTRUCTION,
                       subject="批示", body="请加快进度", now=NOW,
                       event="instruction:1")  # fmt: skip
    notices.notify([town_a_staff], kind=Notification.Kind.BULLETIN, subject="通报", body="一",
                   now=NOW, event="bulletin:1")  # fmt: skip
    notices.notify([town_a_staff], kind=Notification.Kind.BULLETIN, subject="通报", body="一",
                   now=NOW, event="bulletin:1")  # fmt: skip
    assert Notification.objects.filter(recipient=town_a_staff).count() == 2


def test_a_reminder_of_the_scans_is_still_once_a_day(town_a, town_a_staff):
    share = AssignmentFactory(unit=town_a)
    fields = {"recipient": town_a_staff, "assignment": share, "kind": Notification.Kind.DUE_SOON,
              "for_date": date(2026, 12, 1), "subject": "即将到期", "created_at": NOW}  # fmt: skip
    Notification.objects.bulk_create(
        [Notification(**fields), Notification(**fields)], ignore_conflicts=True
    )
    assert Notification.objects.count() == 1
    assert Notification.event_of(share, 3) == f"assignment:{share.pk}:3"
