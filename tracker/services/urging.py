"""催办: a supervisor urges one assignment, or every overdue assignment of a unit.

Each urge is recorded in the assignment's history (催办次数 counts those entries) and sent to
the unit's active members in-app and by email. An urge names no event, so the notification
key (assignment, recipient, kind, day, channel) makes it once: a double click or a second urge
the same day sends nothing more and is refused with a message.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import history
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.dates import chinese_date

URGE_MESSAGE_REQUIRED = "请填写催办内容"
URGE_NOT_OPEN = "该任务已完成或已销号，无需催办"
URGED_TODAY = "今天已催办过该任务，请勿重复催办"
NO_OVERDUE = "该单位没有需要催办的逾期任务"
URGED_SUBJECT = "【督查室催办】{task}"
DEFAULT_MESSAGE = "该任务已逾期，请抓紧办理并及时报送进展。"
DELIVER_TASK = "tracker.tasks.deliver_notifications"


@dataclass
class UrgeOutcome:
    urged: list[Assignment] = field(default_factory=list)
    skipped: list[Assignment] = field(default_factory=list)  # urged already today


def _urged_on(assignment: Assignment, day: date) -> bool:
    return HistoryEntry.objects.filter(
        assignment=assignment, kind=HistoryEntry.Kind.URGED, at__date=day
    ).exists()


def _send(assignment: Assignment, *, message: str, now: datetime) -> None:
    recipients = User.objects.filter(
        unit_id=assignment.unit_id, role__in=User.UNIT_ROLES, is_active=True
    )
    link = settings.LUOSHI_SITE_URL + assignment.get_absolute_url()
    due = chinese_date(assignment.due_on) if assignment.due_on else "未设时限"
    subject = URGED_SUBJECT.format(task=assignment.task.title[:60])[:200]
    body = (
        f"{assignment.unit.name}：\n任务：{assignment.task.title}\n完成时限：{due}\n"
        f"督查室催办：{message}\n查看任务：{link}\n"
    )
    today = timezone.localdate(now)
    rows = []
    for user in recipients:
        common = {
            "recipient": user,
            "assignment": assignment,
            "kind": Notification.Kind.URGED,
            "for_date": today,
            "subject": subject,
            "body": body,
            "created_at": now,
        }
        rows.append(Notification(channel=Notification.Channel.IN_APP, sent_at=now, **common))
        if user.email and settings.LUOSHI_REMINDER_EMAIL:
            rows.append(Notification(channel=Notification.Channel.EMAIL, sent_at=None, **common))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


def _urge_locked(assignment: Assignment, *, urged_by: User, message: str, now: datetime):
    history.record(
        task=assignment.task, assignment=assignment, kind=HistoryEntry.Kind.URGED,
        actor=urged_by, at=now, note=message,
    )  # fmt: skip
    _send(assignment, message=message, now=now)


@transaction.atomic
def urge_assignment(
    *, assignment: Assignment, urged_by: User, message: str, now: datetime
) -> Assignment:
    """Urge one open assignment once a day: recorded, sent in-app and by email."""
    policy.require(urged_by, Action.URGE, assignment)
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task", "unit")
        .get(pk=assignment.pk)
    )
    message = (message or "").strip()
    if not message:
        raise WorkflowRefused(URGE_MESSAGE_REQUIRED)
    if locked.status not in Assignment.OPEN_STATUSES:
        raise WorkflowRefused(URGE_NOT_OPEN)
    if _urged_on(locked, timezone.localdate(now)):
        raise WorkflowRefused(URGED_TODAY)
    _urge_locked(locked, urged_by=urged_by, message=message, now=now)
    enqueue_on_commit(DELIVER_TASK)
    return locked


@transaction.atomic
def urge_unit_overdue(
    *, unit: Unit, urged_by: User, message: str, today: date, now: datetime
) -> UrgeOutcome:
    """Urge every overdue open assignment of ``unit`` with one message; those already urged
    today are skipped (and returned as such)."""
    policy.require(urged_by, Action.URGE, unit)
    message = (message or "").strip()
    if not message:
        raise WorkflowRefused(URGE_MESSAGE_REQUIRED)
    overdue = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task", "unit")
        .filter(unit=unit, status__in=Assignment.OPEN_STATUSES, due_on__lt=today)
        .order_by("due_on", "pk")
    )
    if not overdue:
        raise WorkflowRefused(NO_OVERDUE)
    outcome = UrgeOutcome()
    for assignment in overdue:
        if _urged_on(assignment, timezone.localdate(now)):
            outcome.skipped.append(assignment)
            continue
        _urge_locked(assignment, urged_by=urged_by, message=message, now=now)
        outcome.urged.append(assignment)
    if outcome.urged:
        enqueue_on_commit(DELIVER_TASK)
    return outcome
