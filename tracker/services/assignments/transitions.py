"""The assignment state machine, as data, and the one service that applies it."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db import transaction

from directory import policy
from directory.models import User
from directory.policy import Action
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import history
from tracker.services.assignments.base import (
    COMPLETED_SUBJECT,
    FINAL_REPORT_NOTE,
    FINAL_REPORT_REQUIRED,
    ILLEGAL_TRANSITION,
    RETURN_REASON_REQUIRED,
    RETURNED_SUBJECT,
    UNKNOWN_TRANSITION,
    S,
    WorkflowRefused,
    lock_for_write,
    notify_supervisors,
    notify_unit,
    save_bumped,
)
from tracker.services.assignments.reports import check_evidence, remove_files, store_report


class Transition(StrEnum):
    START = "start"
    COMPLETE = "complete"
    RETURN = "return"
    CLOSE = "close"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    action: Action
    label: str
    history_kind: str
    needs_reason: bool = False
    # 办结: the unit writes its final report (办结情况), which becomes a 100% progress report.
    needs_report: bool = False


# The whole state machine. Anything not listed here is refused with ILLEGAL_TRANSITION.
TRANSITIONS: dict[Transition, Rule] = {
    Transition.START: Rule(
        frozenset({S.PENDING}), S.IN_PROGRESS, Action.UPDATE_STATUS, "开始推进",
        HistoryEntry.Kind.STATUS,
    ),
    Transition.COMPLETE: Rule(
        frozenset({S.IN_PROGRESS}), S.DONE, Action.UPDATE_STATUS, "标记完成",
        HistoryEntry.Kind.STATUS, needs_report=True,
    ),
    Transition.RETURN: Rule(
        frozenset({S.DONE}), S.IN_PROGRESS, Action.RETURN_ASSIGNMENT, "退回",
        HistoryEntry.Kind.RETURNED, needs_reason=True,
    ),
    Transition.CLOSE: Rule(
        frozenset({S.DONE}), S.CLOSED, Action.CLOSE_ASSIGNMENT, "销号",
        HistoryEntry.Kind.CLOSED,
    ),
}  # fmt: skip


def allowed_transitions(user: User, assignment: Assignment) -> list[tuple[Transition, Rule]]:
    """The transitions this user may apply to the assignment in its current state (for buttons)."""
    return [
        (name, rule)
        for name, rule in TRANSITIONS.items()
        if assignment.status in rule.sources and policy.can(user, rule.action, assignment)
    ]


@transaction.atomic
def apply_transition(
    *,
    assignment: Assignment,
    transition: Transition | str,
    actor: User,
    now: datetime,
    expected_version: int,
    reason: str = "",
    files=(),
) -> Assignment:
    """Move the assignment along the state machine or refuse with a message; recorded in history.

    完成 needs the final report (``reason``, evidence ``files`` optional): it is stored as a
    100% progress report and the supervisors are told. 销号 leaves the assignment at 100%."""
    try:
        transition = Transition(transition)
    except ValueError:
        raise WorkflowRefused(UNKNOWN_TRANSITION) from None
    rule = TRANSITIONS[transition]
    locked = lock_for_write(
        assignment, actor=actor, action=rule.action, expected_version=expected_version
    )
    if locked.status not in rule.sources:
        raise WorkflowRefused(
            ILLEGAL_TRANSITION.format(status=locked.get_status_display(), label=rule.label),
            code="illegal",
        )
    reason = reason.strip()
    if rule.needs_reason and not reason:
        raise WorkflowRefused(RETURN_REASON_REQUIRED)
    if rule.needs_report and not reason:
        raise WorkflowRefused(FINAL_REPORT_REQUIRED)
    old_label, old_progress = locked.get_status_display(), locked.progress
    locked.status = rule.target
    fields = ["status"]
    if rule.needs_report:
        checked = check_evidence(files)
        stored: list[str] = []
        try:
            store_report(
                locked, author=actor, text=reason, progress=100, checked=checked, now=now,
                stored=stored,
            )  # fmt: skip
        except Exception:
            remove_files(stored)
            raise
    if rule.target in (S.DONE, S.CLOSED):
        locked.progress = 100  # a finished item never shows less than 100%
        fields.append("progress")
    if rule.target == S.DONE:
        locked.completed_at = now
        fields.append("completed_at")
    elif rule.target == S.CLOSED:
        locked.closed_at, locked.closed_by = now, actor
        fields += ["closed_at", "closed_by"]
    elif transition == Transition.RETURN:
        locked.completed_at = None
        fields.append("completed_at")
    save_bumped(locked, now=now, fields=fields)
    note = reason
    if rule.needs_report and old_progress != 100:
        note = FINAL_REPORT_NOTE.format(report=reason, old=old_progress)
    entry = history.record(
        task=locked.task,
        assignment=locked,
        kind=rule.history_kind,
        actor=actor,
        at=now,
        old=old_label,
        new=locked.get_status_display(),
        note=note,
    )
    if transition == Transition.COMPLETE:
        notify_supervisors(
            locked,
            kind=Notification.Kind.COMPLETED,
            subject=COMPLETED_SUBJECT.format(unit=locked.unit.display_name,
                                             task=locked.task.title[:60]),
            body=f"办结情况：{reason}",
            now=now, event=Notification.event_of(entry),
        )  # fmt: skip
    if transition == Transition.RETURN:
        notify_unit(
            locked,
            kind=Notification.Kind.RETURNED,
            subject=RETURNED_SUBJECT.format(task=locked.task.title[:60]),
            body=f"退回理由：{reason}",
            now=now,
            event=Notification.event_of(entry),
        )
    return locked
