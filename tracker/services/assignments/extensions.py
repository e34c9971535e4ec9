"""Extension requests (延期申请) and their decision."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.models import User
from directory.policy import Action
from tracker.models import Assignment, ExtensionRequest, HistoryEntry, Notification
from tracker.services import history
from tracker.services.assignments.base import (
    EXTENSION_ALREADY_DECIDED,
    EXTENSION_APPROVED_SUBJECT,
    EXTENSION_IN_PAST,
    EXTENSION_NOT_LATER,
    EXTENSION_NOT_OF_ASSIGNMENT,
    EXTENSION_NOT_OPEN,
    EXTENSION_PENDING,
    EXTENSION_REASON_REQUIRED,
    EXTENSION_REFUSED_SUBJECT,
    EXTENSION_REQUESTED_SUBJECT,
    REFUSAL_NOTE_REQUIRED,
    WorkflowRefused,
    chinese_date,
    lock_for_write,
    notify_supervisors,
    notify_unit,
    save_bumped,
)


@transaction.atomic
def request_extension(
    *,
    assignment: Assignment,
    requested_by: User,
    now: datetime,
    new_due_on: date,
    reason: str,
    expected_version: int,
) -> ExtensionRequest:
    """Ask for a later due date; at most one request per assignment waits for a decision."""
    locked = lock_for_write(
        assignment, actor=requested_by, action=Action.REQUEST_EXTENSION,
        expected_version=expected_version,
    )  # fmt: skip
    if locked.status not in Assignment.OPEN_STATUSES:
        raise WorkflowRefused(EXTENSION_NOT_OPEN)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowRefused(EXTENSION_REASON_REQUIRED)
    if new_due_on < timezone.localdate(now):
        raise WorkflowRefused(EXTENSION_IN_PAST)
    if locked.due_on is not None and new_due_on <= locked.due_on:
        raise WorkflowRefused(EXTENSION_NOT_LATER.format(due=chinese_date(locked.due_on)))
    if locked.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise WorkflowRefused(EXTENSION_PENDING)
    try:
        with transaction.atomic():
            extension = ExtensionRequest.objects.create(
                assignment=locked, requested_by=requested_by, requested_at=now,
                old_due_on=locked.due_on, new_due_on=new_due_on, reason=reason,
            )  # fmt: skip
    except IntegrityError:  # the partial unique index: one pending request per assignment
        raise WorkflowRefused(EXTENSION_PENDING) from None
    save_bumped(locked, now=now, fields=[])
    history.record(
        task=locked.task, assignment=locked, kind=HistoryEntry.Kind.EXTENSION_REQUESTED,
        actor=requested_by, at=now, old=locked.due_on, new=new_due_on, note=reason,
    )  # fmt: skip
    notify_supervisors(
        locked,
        kind=Notification.Kind.EXTENSION_REQUESTED,
        subject=EXTENSION_REQUESTED_SUBJECT.format(
            unit=locked.unit.display_name, due=chinese_date(new_due_on), task=locked.task.title[:60]
        ),
        body=f"申请理由：{reason}",
        now=now,
        event=Notification.event_of(extension),
    )
    return extension


@transaction.atomic
def decide_extension(
    *,
    extension: ExtensionRequest,
    decided_by: User,
    now: datetime,
    approve: bool,
    note: str,
    expected_version: int,
) -> ExtensionRequest:
    """Approve (the due date moves) or refuse (with a note) a pending request, once; unit told."""
    locked = lock_for_write(
        extension.assignment, actor=decided_by, action=Action.DECIDE_EXTENSION,
        expected_version=expected_version,
    )  # fmt: skip
    request = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if request.assignment_id != locked.pk:
        raise WorkflowRefused(EXTENSION_NOT_OF_ASSIGNMENT)
    if request.status != ExtensionRequest.Status.PENDING:
        raise WorkflowRefused(EXTENSION_ALREADY_DECIDED)
    note = (note or "").strip()
    if not approve and not note:
        raise WorkflowRefused(REFUSAL_NOTE_REQUIRED)
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_by, request.decided_at, request.decision_note = decided_by, now, note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    old_due = locked.due_on
    if approve:
        locked.due_on = request.new_due_on
        save_bumped(locked, now=now, fields=["due_on"])
        kind, subject = HistoryEntry.Kind.EXTENSION_APPROVED, EXTENSION_APPROVED_SUBJECT
        new = request.new_due_on
    else:
        save_bumped(locked, now=now, fields=[])
        kind, subject = HistoryEntry.Kind.EXTENSION_REFUSED, EXTENSION_REFUSED_SUBJECT
        new = old_due
    history.record(
        task=locked.task, assignment=locked, kind=kind, actor=decided_by, at=now,
        old=old_due, new=new, note=note,
    )  # fmt: skip
    decision = "同意" if approve else "不同意"
    notify_unit(
        locked,
        kind=Notification.Kind.EXTENSION_DECIDED,
        subject=subject.format(task=locked.task.title[:60]),
        body=f"{decision}延至{chinese_date(request.new_due_on)}。{note}".strip(),
        now=now,
        event=Notification.event_of(request),
    )
    return request
