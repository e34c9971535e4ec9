"""领导批示: leaders only; the units concerned are told; a deadline is set or tightened, never
loosened, on the open assignments, with history."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import AssignmentFactory, TaskFactory
from tracker.models import Assignment, HistoryEntry, Instruction, Notification
from tracker.services import instructions
from tracker.services.assignments.base import WorkflowRefused

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def task(town_a, town_b, supervisor):
    task = TaskFactory(title="整治农村人居环境", due_on=date(2026, 12, 31), created_by=supervisor)
    AssignmentFactory(task=task, unit=town_a, due_on=date(2026, 12, 31))
    AssignmentFactory(task=task, unit=town_b, due_on=date(2026, 12, 5))
    return task


def _share(task, unit) -> Assignment:
    return task.assignments.get(unit=unit)


def test_a_task_instruction_tells_every_unit_and_tightens_later_deadlines_only(
    task, leader, town_a, town_b, town_a_staff, town_b_staff
):
    instruction = instructions.write_instruction(
        task=task, author=leader, text="请各单位12月10日前完成", due_on=date(2026, 12, 10), now=NOW
    )
    assert instruction.assignment is None
    town_a_share, town_b_share = _share(task, town_a), _share(task, town_b)
    assert town_a_share.due_on == date(2026, 12, 10) and town_a_share.version == 2
    assert town_b_share.due_on == date(2026, 12, 5) and town_b_share.version == 1  # already tighter
    task.refresh_from_db()
    assert task.due_on == date(2026, 12, 10)
    change = HistoryEntry.objects.get(assignment=town_a_share, kind=HistoryEntry.Kind.DUE_DATE)
    assert (change.old_value, change.new_value, change.actor) == (
        "2026-12-31",
        "2026-12-10",
        leader,
    )
    assert change.note == "领导批示：请各单位12月10日前完成"
    assert HistoryEntry.objects.filter(kind=HistoryEntry.Kind.INSTRUCTION).count() == 1
    notified = set(
        Notification.objects.filter(kind=Notification.Kind.INSTRUCTION).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"town_a_staff", "town_b_staff"}


def test_an_assignment_instruction_concerns_that_unit_alone(
    task, leader, town_a, town_b, town_a_staff, town_b_staff
):
    share = _share(task, town_b)
    instructions.write_instruction(
        task=task, assignment=share, author=leader, text="请乙镇本周内拿出方案",
        due_on=date(2026, 12, 3), now=NOW,
    )  # fmt: skip
    share.refresh_from_db()
    assert share.due_on == date(2026, 12, 3)
    assert _share(task, town_a).due_on == date(2026, 12, 31)
    task.refresh_from_db()
    assert task.due_on == date(2026, 12, 31)  # the task's own deadline is for all its units
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "town_b_staff"
    ]


def test_closed_assignments_keep_their_deadline(task, leader, town_a, town_b):
    Assignment.objects.filter(unit=town_a).update(status=Assignment.Status.CLOSED)
    instructions.write_instruction(
        task=task, author=leader, text="加快进度", due_on=date(2026, 12, 4), now=NOW
    )
    assert _share(task, town_a).due_on == date(2026, 12, 31)
    assert _share(task, town_b).due_on == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "due_on", "message"),
    [
        pytest.param(" ", None, instructions.TEXT_REQUIRED, id="empty"),
        pytest.param("请抓紧", date(2026, 11, 30), instructions.DUE_IN_PAST, id="past-deadline"),
        pytest.param("长" * 1001, None, instructions.TEXT_TOO_LONG, id="too-long"),
    ],
)
def test_bad_instructions_are_refused_and_change_nothing(task, leader, text, due_on, message):
    with pytest.raises(WorkflowRefused) as refused:
        instructions.write_instruction(task=task, author=leader, text=text, due_on=due_on, now=NOW)
    assert refused.value.messages == [message]
    assert not Instruction.objects.exists() and not Notification.objects.exists()


def test_only_leaders_write_instructions(task, supervisor, town_a_staff):
    for user in (supervisor, town_a_staff):
        with pytest.raises(PermissionDenied):
            instructions.write_instruction(task=task, author=user, text="请抓紧", now=NOW)
    assert not Instruction.objects.exists()


def test_an_assignment_of_another_task_is_refused(task, leader, town_a):
    other = AssignmentFactory(unit=town_a)
    with pytest.raises(WorkflowRefused) as refused:
        instructions.write_instruction(
            task=task, assignment=other, author=leader, text="请抓紧", now=NOW
        )
    assert refused.value.messages == [instructions.NOT_OF_TASK]
