"""A task edit reaches its open assignments: deadline, units added and removed, each unit told."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from tests.factories import AssignmentFactory, TaskFactory, UnitFactory
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import assignments as services
from tracker.services.assignments import changes

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
NEW_DUE = date(2026, 9, 30)
S = Assignment.Status


def edit(task, user, **kwargs):
    values = {"title": task.title, "target": task.target, "due_on": task.due_on}
    values.update(kwargs)
    return services.edit_task(task=task, edited_by=user, now=NOW, expected_version=task.version,
                              **values)  # fmt: skip


@pytest.mark.django_db
def test_setting_a_deadline_reaches_shares_that_had_none(supervisor, town_a, town_a_staff):
    task = TaskFactory(due_on=None)
    share = AssignmentFactory(task=task, unit=town_a, due_on=None)
    edit(task, supervisor, due_on=NEW_DUE)
    share.refresh_from_db()
    assert (share.due_on, share.version) == (NEW_DUE, 2)
    entry = HistoryEntry.objects.get(assignment=share, kind=HistoryEntry.Kind.DUE_DATE)
    assert (entry.old_value, entry.new_value, entry.note) == (
        "", NEW_DUE.isoformat(), changes.FOLLOWED_TASK_NOTE,
    )  # fmt: skip
    notice = Notification.objects.get(recipient=town_a_staff, kind="task_changed")
    assert notice.subject == changes.TASK_CHANGED_SUBJECT.format(task=task.title)
    assert "完成时限：2026年9月30日" in notice.body


@pytest.mark.django_db
def test_a_title_change_is_told_to_every_open_unit_only(supervisor, town_a, town_b):
    task = TaskFactory(title="原任务")
    AssignmentFactory(task=task, unit=town_a)
    AssignmentFactory(task=task, unit=town_b, status=S.CLOSED, progress=100)
    staff_a = town_a.members.create(username="a1", role="unit_staff")
    staff_b = town_b.members.create(username="b1", role="unit_staff")
    edit(task, supervisor, title="新任务")
    assert Notification.objects.filter(recipient=staff_a, kind="task_changed").exists()
    assert not Notification.objects.filter(recipient=staff_b).exists()


@pytest.mark.django_db
def test_a_unit_added_later_gets_its_assignment_and_is_told(supervisor, town_a, town_b):
    task = TaskFactory(due_on=NEW_DUE)
    AssignmentFactory(task=task, unit=town_a, role=Assignment.Role.LEAD)
    staff_b = town_b.members.create(username="b1", role="unit_staff")
    edit(task, supervisor, units=[town_a, town_b])
    added = Assignment.objects.get(task=task, unit=town_b)
    assert (added.role, added.due_on, added.status) == (
        Assignment.Role.COOPERATING, NEW_DUE, S.PENDING,
    )  # fmt: skip
    assert HistoryEntry.objects.filter(task=task, kind="unit_added", new_value__contains="乙镇")
    assert Notification.objects.filter(recipient=staff_b, kind="assigned", assignment=added)


@pytest.mark.django_db
def test_a_removed_unit_loses_its_open_assignment_on_the_record(supervisor, town_a, town_b):
    task = TaskFactory()
    AssignmentFactory(task=task, unit=town_a)
    removed = AssignmentFactory(task=task, unit=town_b, status=S.IN_PROGRESS, progress=40)
    staff_b = town_b.members.create(username="b1", role="unit_staff")
    edit(task, supervisor, units=[town_a])
    assert not Assignment.objects.filter(pk=removed.pk).exists()
    entry = HistoryEntry.objects.get(task=task, kind="unit_removed")
    assert entry.note == changes.UNIT_REMOVED_NOTE.format(unit="乙镇", status="推进中", progress=40)
    assert Notification.objects.filter(recipient=staff_b, kind="unassigned").exists()


@pytest.mark.django_db
def test_finished_work_of_a_removed_unit_is_kept(supervisor, town_a, town_b):
    task = TaskFactory()
    AssignmentFactory(task=task, unit=town_a)
    kept = AssignmentFactory(task=task, unit=town_b, status=S.CLOSED, progress=100)
    edit(task, supervisor, units=[town_a])
    assert Assignment.objects.filter(pk=kept.pk).exists()
    assert HistoryEntry.objects.get(kind="unit_removed").note == changes.UNIT_KEPT_NOTE.format(
        unit="乙镇"
    )


@pytest.mark.django_db
def test_an_inactive_unit_cannot_be_added(supervisor, town_a):
    task = TaskFactory()
    AssignmentFactory(task=task, unit=town_a)
    closed_down = UnitFactory(name="已撤并镇", is_active=False)
    with pytest.raises(services.WorkflowRefused) as refused:
        edit(task, supervisor, units=[town_a, closed_down])
    assert refused.value.messages == [services.REASSIGN_INACTIVE.format(unit="已撤并镇")]
    assert Assignment.objects.filter(task=task).count() == 1


@pytest.mark.django_db
def test_the_task_page_edit_reaches_the_units(client, supervisor, town_a, town_b):
    task = TaskFactory(due_on=None)
    share = AssignmentFactory(task=task, unit=town_a, due_on=None)
    client.force_login(supervisor)
    response = client.post(
        reverse("tracker:task-edit", args=[task.pk]),
        {
            "version": task.version, "title": task.title, "target": "", "due_on": "2026-09-30",
            "units": [town_a.pk, town_b.pk], "report_cadence": "monthly",
        },
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    share.refresh_from_db()
    task.refresh_from_db()
    assert share.due_on == NEW_DUE
    assert task.report_cadence == "monthly"
    assert Assignment.objects.get(task=task, unit=town_b).due_on == NEW_DUE
