"""Supervisors' changes: due date, reassignment, task edits."""

from datetime import date, datetime

from django.db import IntegrityError, transaction

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker.models import Assignment, HistoryEntry, Notification, Task
from tracker.services import history
from tracker.services.assignments.base import (
    ASSIGNED_SUBJECT,
    DUE_DATE_CLOSED,
    DUE_DATE_REQUIRED,
    DUE_DATE_UNCHANGED,
    REASSIGN_CLOSED,
    REASSIGN_DUPLICATE,
    REASSIGN_INACTIVE,
    REASSIGN_SAME_UNIT,
    STALE_VERSION,
    TASK_TITLE_REQUIRED,
    TASK_UNCHANGED,
    S,
    StaleVersion,
    WorkflowRefused,
    lock_for_write,
    notify_unit,
    save_bumped,
)


@transaction.atomic
def change_due_date(
    *,
    assignment: Assignment,
    changed_by: User,
    now: datetime,
    due_on: date | None,
    reason: str = "",
    expected_version: int,
) -> Assignment:
    """Set a new due date for one unit's share (supervisors); recorded with the old one."""
    locked = lock_for_write(
        assignment, actor=changed_by, action=Action.CHANGE_DUE_DATE,
        expected_version=expected_version,
    )  # fmt: skip
    if due_on is None:
        raise WorkflowRefused(DUE_DATE_REQUIRED)
    if locked.status == S.CLOSED:
        raise WorkflowRefused(DUE_DATE_CLOSED)
    if locked.due_on == due_on:
        raise WorkflowRefused(DUE_DATE_UNCHANGED)
    old = locked.due_on
    locked.due_on = due_on
    save_bumped(locked, now=now, fields=["due_on"])
    history.record(
        task=locked.task, assignment=locked, kind=HistoryEntry.Kind.DUE_DATE,
        actor=changed_by, at=now, old=old, new=due_on, note=(reason or "").strip(),
    )  # fmt: skip
    return locked


@transaction.atomic
def reassign(
    *,
    assignment: Assignment,
    reassigned_by: User,
    now: datetime,
    unit: Unit,
    reason: str = "",
    expected_version: int,
) -> Assignment:
    """Hand one unit's share to another unit (supervisors); the new unit is told."""
    locked = lock_for_write(
        assignment, actor=reassigned_by, action=Action.REASSIGN,
        expected_version=expected_version,
    )  # fmt: skip
    if locked.status == S.CLOSED:
        raise WorkflowRefused(REASSIGN_CLOSED)
    if unit.pk == locked.unit_id:
        raise WorkflowRefused(REASSIGN_SAME_UNIT)
    if not unit.is_active:
        raise WorkflowRefused(REASSIGN_INACTIVE.format(unit=unit.name))
    taken = Assignment.objects.filter(task_id=locked.task_id, unit=unit, period=locked.period)
    if taken.exists():
        raise WorkflowRefused(REASSIGN_DUPLICATE.format(unit=unit.name))
    old_unit = locked.unit
    locked.unit = unit
    try:
        with transaction.atomic():
            save_bumped(locked, now=now, fields=["unit"])
    except IntegrityError:  # a concurrent assignment of the same unit won
        raise WorkflowRefused(REASSIGN_DUPLICATE.format(unit=unit.name)) from None
    history.record(
        task=locked.task, assignment=locked, kind=HistoryEntry.Kind.REASSIGNED,
        actor=reassigned_by, at=now, old=old_unit.name, new=unit.name,
        note=(reason or "").strip(),
    )  # fmt: skip
    notify_unit(
        locked,
        kind=Notification.Kind.ASSIGNED,
        subject=ASSIGNED_SUBJECT.format(task=locked.task.title[:60]),
        body=f"由{old_unit.name}改派至本单位。{(reason or '').strip()}".strip(),
        now=now,
    )
    return locked


TASK_FIELD_LABELS = {"title": "任务内容", "target": "量化目标", "due_on": "完成时限"}


@transaction.atomic
def edit_task(
    *,
    task: Task,
    edited_by: User,
    now: datetime,
    title: str,
    target: str,
    due_on: date | None,
    expected_version: int,
) -> Task:
    """Edit a task's title, target and deadline; open shares that followed the old deadline
    follow the new one. Every changed field is recorded."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(edited_by, Action.EDIT_TASK, locked)
    if locked.version != expected_version:
        raise StaleVersion(STALE_VERSION, code="stale")
    title, target = (title or "").strip(), (target or "").strip()
    if not title:
        raise WorkflowRefused(TASK_TITLE_REQUIRED)
    new_values = {"title": title, "target": target, "due_on": due_on}
    changed = {f: v for f, v in new_values.items() if getattr(locked, f) != v}
    if not changed:
        raise WorkflowRefused(TASK_UNCHANGED)
    old_due = locked.due_on
    for field, value in changed.items():
        history.record(
            task=locked, kind=HistoryEntry.Kind.TASK_EDITED, actor=edited_by, at=now,
            old=getattr(locked, field), new=value, note=TASK_FIELD_LABELS[field],
        )  # fmt: skip
        setattr(locked, field, value)
    locked.version += 1
    locked.full_clean(exclude=["directive", "speech", "created_by"])
    locked.save(update_fields=[*changed, "version"])
    if "due_on" in changed and old_due is not None and due_on is not None:
        followers = (
            Assignment.objects.select_for_update()
            .filter(task=locked, due_on=old_due, status__in=Assignment.OPEN_STATUSES)
            .order_by("pk")
        )
        for share in followers:
            share.due_on = due_on
            save_bumped(share, now=now, fields=["due_on"])
            history.record(
                task=locked, assignment=share, kind=HistoryEntry.Kind.DUE_DATE,
                actor=edited_by, at=now, old=old_due, new=due_on, note="随任务时限调整",
            )  # fmt: skip
    return locked
