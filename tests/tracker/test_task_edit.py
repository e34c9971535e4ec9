from datetime import UTC, date, datetime

import pytest

from tests.factories import AssignmentFactory, TaskFactory
from tracker.models import Assignment, HistoryEntry
from tracker.services import assignments as services
from tracker.services.assignments import StaleVersion, WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
OLD_DUE, NEW_DUE = date(2024, 12, 31), date(2025, 3, 31)


def edit(task, user, **kwargs):
    values = {"title": task.title, "target": task.target, "due_on": task.due_on}
    values.update(kwargs)
    return services.edit_task(
        task=task, edited_by=user, now=NOW, expected_version=kwargs.pop("version", task.version),
        **{k: v for k, v in values.items() if k != "version"},
    )  # fmt: skip


@pytest.mark.django_db
def test_each_changed_field_is_recorded(supervisor):
    task = TaskFactory(title="建设活动场所", target="", due_on=OLD_DUE)
    edit(task, supervisor, title="建设村级活动场所", target="10个")
    task.refresh_from_db()
    assert (task.title, task.target, task.version) == ("建设村级活动场所", "10个", 2)
    entries = list(HistoryEntry.objects.values_list("note", "old_value", "new_value"))
    assert entries == [("任务内容", "建设活动场所", "建设村级活动场所"), ("量化目标", "", "10个")]


@pytest.mark.django_db
def test_a_new_deadline_carries_open_shares_that_followed_the_old_one(supervisor, town_a, town_b):
    task = TaskFactory(due_on=OLD_DUE)
    follower = AssignmentFactory(task=task, unit=town_a, due_on=OLD_DUE)
    own_date = AssignmentFactory(task=task, unit=town_b, due_on=date(2024, 9, 30))
    finished = AssignmentFactory(
        task=task, unit=AssignmentFactory().unit, due_on=OLD_DUE, status=Assignment.Status.CLOSED
    )
    edit(task, supervisor, due_on=NEW_DUE)
    for share in (follower, own_date, finished):
        share.refresh_from_db()
    assert (follower.due_on, own_date.due_on, finished.due_on) == (
        NEW_DUE, date(2024, 9, 30), OLD_DUE,
    )  # fmt: skip
    assert HistoryEntry.objects.filter(kind="due_date", assignment=follower).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"title": "  "}, services.TASK_TITLE_REQUIRED), ({}, services.TASK_UNCHANGED)],
)
def test_bad_edits_are_refused(supervisor, kwargs, message):
    task = TaskFactory(title="原任务")
    with pytest.raises(WorkflowRefused) as refused:
        edit(task, supervisor, **kwargs)
    assert refused.value.messages == [message]
    task.refresh_from_db()
    assert (task.title, task.version) == ("原任务", 1)


@pytest.mark.django_db
def test_a_stale_task_form_is_refused(supervisor):
    task = TaskFactory(title="原任务")
    edit(task, supervisor, title="第一次修改")
    with pytest.raises(StaleVersion) as refused:
        services.edit_task(
            task=task, edited_by=supervisor, now=NOW, title="第二次修改", target="",
            due_on=task.due_on, expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [services.STALE_VERSION]
    task.refresh_from_db()
    assert task.title == "第一次修改"
