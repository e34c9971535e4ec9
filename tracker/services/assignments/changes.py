"""Supervisors' changes: due date, reassignment, task edits."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker.models import REPORT_CADENCES, Assignment, HistoryEntry, Notification, Task
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
    UNITS_REQUIRED,
    S,
    StaleVersion,
    WorkflowRefused,
    chinese_date,
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
    entry = history.record(
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
        event=Notification.event_of(entry),
    )
    return locked


TASK_FIELD_LABELS = {
    "title": "任务内容",
    "target": "量化目标",
    "due_on": "完成时限",
    "report_cadence": "报送周期",
}
FOLLOWED_TASK_NOTE = "随任务时限调整"
TASK_CHANGED_SUBJECT = "任务已调整：{task}"
UNASSIGNED_SUBJECT = "任务已撤销分派：{task}"
UNIT_REMOVED_NOTE = "撤销{unit}的分派（原状态：{status}，进度{progress}%）"
UNIT_KEPT_NOTE = "{unit}已完成，保留其分派"


def _display(field: str, value) -> str:
    if field == "due_on":
        return chinese_date(value) if value else "未设时限"
    if field == "report_cadence":
        return dict(REPORT_CADENCES).get(value, "不要求定期报送")
    return str(value or "（空）")


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
    units: list[Unit] | None = None,
    report_cadence: str | None = None,
) -> Task:
    """Edit a task and carry the edit to its open assignments: shares that followed the old
    deadline (or had none) follow the new one; a unit added gets its assignment, a unit removed
    loses its open one (finished work is kept). Every change is recorded and each open unit is
    told. ``units`` / ``report_cadence`` None leave them as they are."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(edited_by, Action.EDIT_TASK, locked)
    if locked.version != expected_version:
        raise StaleVersion(STALE_VERSION, code="stale")
    title, target = (title or "").strip(), (target or "").strip()
    if not title:
        raise WorkflowRefused(TASK_TITLE_REQUIRED)
    new_values = {"title": title, "target": target, "due_on": due_on}
    if report_cadence is not None:
        new_values["report_cadence"] = report_cadence
    changed = {f: v for f, v in new_values.items() if getattr(locked, f) != v}
    shares = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(task=locked)
        .select_related("unit")
        .order_by("period", "pk")
    )
    current_unit_ids = {share.unit_id for share in shares}
    wanted = {unit.pk: unit for unit in units} if units is not None else None
    added = [u for pk, u in (wanted or {}).items() if pk not in current_unit_ids]
    removed_ids = current_unit_ids - set(wanted) if wanted is not None else set()
    if units is not None and not wanted:
        raise WorkflowRefused(UNITS_REQUIRED)
    inactive = next((u for u in added if not u.is_active), None)
    if inactive is not None:
        raise WorkflowRefused(REASSIGN_INACTIVE.format(unit=inactive.name))
    if not changed and not added and not removed_ids:
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

    told: dict[int, list[str]] = {}  # assignment pk -> what changed, for its unit's notice
    kept_ids: set[int] = set()
    for share in shares:
        if share.unit_id in removed_ids:
            if share.status in Assignment.OPEN_STATUSES:
                _remove_share(share, locked=locked, actor=edited_by, now=now)
            else:
                kept_ids.add(share.unit_id)
            continue
        if share.status not in Assignment.OPEN_STATUSES:
            continue
        what = [
            f"{TASK_FIELD_LABELS[f]}：{_display(f, v)}" for f, v in changed.items() if f != "due_on"
        ]
        # A recurring task's periods keep their own period ends; a one-off share follows the
        # task's deadline unless a supervisor gave it a date of its own.
        follows = (
            "due_on" in changed
            and not locked.recurrence
            and (share.due_on == old_due or share.due_on is None)
            and share.due_on != due_on
        )
        if follows:
            old_share_due = share.due_on
            share.due_on = due_on
            save_bumped(share, now=now, fields=["due_on"])
            history.record(
                task=locked, assignment=share, kind=HistoryEntry.Kind.DUE_DATE,
                actor=edited_by, at=now, old=old_share_due, new=due_on, note=FOLLOWED_TASK_NOTE,
            )  # fmt: skip
            what.insert(0, f"完成时限：{_display('due_on', due_on)}")
        if what:
            told[share.pk] = what
    for unit_id in sorted(kept_ids):
        unit = next(s.unit for s in shares if s.unit_id == unit_id)
        history.record(
            task=locked, kind=HistoryEntry.Kind.UNIT_REMOVED, actor=edited_by, at=now,
            old=unit.name, note=UNIT_KEPT_NOTE.format(unit=unit.name),
        )  # fmt: skip
    for unit in sorted(added, key=lambda u: (u.sort_order, u.name)):
        _add_share(unit, locked=locked, shares=shares, actor=edited_by, now=now)
    for share in shares:
        if share.pk in told:
            notify_unit(
                share,
                kind=Notification.Kind.TASK_CHANGED,
                subject=TASK_CHANGED_SUBJECT.format(task=locked.title[:60]),
                body="；".join(told[share.pk]),
                now=now,
                event=Notification.event_of(locked, locked.version),  # this edit of the task
            )
    return locked


def _remove_share(share: Assignment, *, locked: Task, actor: User, now: datetime) -> None:
    """Take an open assignment away from a unit: the task keeps the record, the unit is told."""
    entry = history.record(
        task=locked, kind=HistoryEntry.Kind.UNIT_REMOVED, actor=actor, at=now,
        old=share.unit.name,
        note=UNIT_REMOVED_NOTE.format(unit=share.unit.name, status=share.get_status_display(),
                                      progress=share.progress),
    )  # fmt: skip
    recipients = User.objects.filter(
        unit_id=share.unit_id, role__in=User.UNIT_ROLES, is_active=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                assignment=None,
                kind=Notification.Kind.UNASSIGNED,
                for_date=timezone.localdate(now),
                channel=Notification.Channel.IN_APP,
                subject=UNASSIGNED_SUBJECT.format(task=locked.title[:60])[:200],
                body=f"督查室已撤销本单位承担的该项任务。{locked.title}",
                created_at=now,
                sent_at=now,
                event=Notification.event_of(entry),
            )
            for user in recipients
        ],
        ignore_conflicts=True,
    )
    share.delete()


def _add_share(
    unit: Unit, *, locked: Task, shares: list[Assignment], actor: User, now: datetime
) -> Assignment:
    """Give a unit added to the task its assignment for the current period, as 配合 when the
    task already has a lead, and tell it."""
    latest_period = max((s.period for s in shares), default=1)
    sibling = next((s for s in shares if s.period == latest_period), None)
    has_lead = any(s.role == Assignment.Role.LEAD and s.unit_id != unit.pk for s in shares)
    share = Assignment.objects.create(
        task=locked,
        unit=unit,
        role=Assignment.Role.COOPERATING if has_lead else Assignment.Role.LEAD,
        period=latest_period,
        period_start=sibling.period_start if sibling else None,
        due_on=sibling.due_on if sibling and locked.recurrence else locked.due_on,
        created_at=now,
        updated_at=now,
    )
    history.record(
        task=locked, kind=HistoryEntry.Kind.UNIT_ADDED, actor=actor, at=now,
        new=f"{unit.name}（{share.get_role_display()}）",
    )  # fmt: skip
    created = history.record(
        task=locked, assignment=share, kind=HistoryEntry.Kind.CREATED, actor=actor, at=now,
        new=f"{unit.display_name}（{share.get_role_display()}）",
    )  # fmt: skip
    notify_unit(
        share,
        kind=Notification.Kind.ASSIGNED,
        subject=ASSIGNED_SUBJECT.format(task=locked.title[:60]),
        body=f"完成时限：{_display('due_on', share.due_on)}",
        now=now,
        event=Notification.event_of(created),
    )
    return share
