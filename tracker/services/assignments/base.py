"""Shared by the workflow services: messages, refusals, the row lock and version check."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from directory import policy
from directory.models import User
from directory.policy import Action
from lib.refusal import Refused
from tracker.models import Assignment, Notification
from tracker.prepared import Prepared
from tracker.services import dates

STALE_VERSION = "该任务已被他人修改，请刷新后重试"
ILLEGAL_TRANSITION = "当前状态为“{status}”，不能执行“{label}”"
UNKNOWN_TRANSITION = "无法识别的操作"
RETURN_REASON_REQUIRED = "退回时请填写退回理由"
REPORT_TEXT_REQUIRED = "请填写进展情况"
PROGRESS_OUT_OF_RANGE = "进度应为 0 到 100 之间的整数"
PROGRESS_DECREASE = "进度不能低于上次填报的 {current}%；如确需下调，请勾选“确认下调进度”并说明原因"
REPORT_NOT_OPEN = "该任务已完成或已销号，不能再填报进展"
EXTENSION_NOT_OPEN = "已完成或已销号的任务不能申请延期"
EXTENSION_PENDING = "已有一项延期申请待审批，请等待审批结果"
EXTENSION_REASON_REQUIRED = "请填写延期理由"
EXTENSION_NOT_LATER = "申请延至的日期必须晚于现在的完成时限（{due}）"
EXTENSION_IN_PAST = "申请延至的日期不能早于今天"
EXTENSION_ALREADY_DECIDED = "该延期申请已审批，不能重复审批"
EXTENSION_NOT_OF_ASSIGNMENT = "该延期申请不属于此任务"
REFUSAL_NOTE_REQUIRED = "不同意延期时请填写审批意见"
DUE_DATE_REQUIRED = "请填写新的完成时限"
DUE_DATE_UNCHANGED = "新时限与原时限相同，未作修改"
DUE_DATE_CLOSED = "已销号的任务不能调整时限"
REASSIGN_CLOSED = "已销号的任务不能改派"
REASSIGN_SAME_UNIT = "改派的单位与原单位相同"
REASSIGN_DUPLICATE = "{unit}已承担该任务，不能重复分派"
REASSIGN_INACTIVE = "{unit}已停用，不能分派任务"
TASK_TITLE_REQUIRED = "任务内容不能为空"
TASK_UNCHANGED = "没有修改任何内容"
UNITS_REQUIRED = "请至少选择一个责任单位"
AUTO_STARTED_NOTE = "填报进展后自动转为推进中"
FINAL_REPORT_REQUIRED = "标记完成时请填写办结情况"
FINAL_REPORT_NOTE = "{report}（进度 {old}% → 100%）"

RETURNED_SUBJECT = "任务完成情况被退回：{task}"
EXTENSION_APPROVED_SUBJECT = "延期申请已同意：{task}"
EXTENSION_REFUSED_SUBJECT = "延期申请未同意：{task}"
ASSIGNED_SUBJECT = "新任务：{task}"
COMPLETED_SUBJECT = "{unit}已完成，待销号：{task}"
EXTENSION_REQUESTED_SUBJECT = "{unit}申请延期至{due}：{task}"


class WorkflowRefused(ValidationError, Refused):
    """A write the workflow refuses; nothing was changed. ``message`` is shown as is (a
    ValidationError too, so a form can take it as a non-field error)."""


class StaleVersion(WorkflowRefused):
    """The form was built from an older version of the row than the one stored now."""


S = Assignment.Status


def lock_for_write(
    assignment: Assignment,
    *,
    actor: User,
    action: Action,
    expected_version: int,
    related: tuple[str, ...] = ("task", "unit"),
) -> Assignment:
    """Lock the row, ask the policy, and refuse a form built from an older version; the
    ``related`` rows are read with it (only those named: each is a join)."""
    locked = _locked(assignment.pk, related)
    policy.require(actor, action, locked)
    if locked.version != expected_version:
        raise StaleVersion(STALE_VERSION, code="stale")
    return locked


def _columns(model) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _lock_query(pk: int, related: tuple[str, ...]) -> QuerySet:
    joined = (
        f"{name}__{column}"
        for name in related
        for column in _columns(Assignment._meta.get_field(name).related_model)
    )
    # of=("self",): lock only the assignment row, not the joined task and unit.
    return (
        Assignment.objects.select_for_update(of=("self",))
        .filter(pk=pk)
        .order_by()
        .values_list(*_columns(Assignment), *joined)
    )


_lock_rows = Prepared(_lock_query, ids=("pk",))  # every write of the workflow runs it


def _locked(pk: int, related: tuple[str, ...]) -> Assignment:
    """``select_for_update(of=self).select_related(*related).get(pk=pk)``, prepared."""
    rows = _lock_rows(pk=pk, related=related)
    if not rows:
        raise Assignment.DoesNotExist("Assignment matching query does not exist.")
    row, columns = rows[0], _columns(Assignment)
    locked = Assignment.from_db("default", columns, row[: len(columns)])
    start = len(columns)
    for name in related:
        field = Assignment._meta.get_field(name)
        model = field.related_model
        columns = _columns(model)
        values = row[start : start + len(columns)]
        related_pk = values[columns.index(model._meta.pk.attname)]
        field.set_cached_value(
            locked, None if related_pk is None else model.from_db("default", columns, values)
        )
        start += len(columns)
    return locked


def save_bumped(assignment: Assignment, *, now: datetime, fields: list[str]) -> None:
    """Save the changed fields and bump the version, so every older form becomes stale."""
    assignment.version += 1
    assignment.updated_at = now
    assignment.save(update_fields=[*fields, "version", "updated_at"])


def notify_unit(
    assignment: Assignment, *, kind: str, subject: str, body: str, now: datetime, event: str
) -> None:
    """Tell the unit's active members in-app, once per person and ``event``
    (``Notification.event_of`` the row that records what happened)."""
    notify_units([assignment], kind=kind, subject=subject, body=body, now=now, event=event)


def notify_units(
    assignments: list[Assignment],
    *,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
    event: str = "",
) -> None:
    """``notify_unit`` for many assignments at once: one query for the members, one insert.
    Without ``event``, once per person, assignment, kind and day (a new assignment's notice)."""
    by_unit: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        by_unit.setdefault(assignment.unit_id, []).append(assignment)
    recipients = (
        User.objects.filter(unit_id__in=by_unit, role__in=User.UNIT_ROLES, is_active=True)
        .order_by("pk")
        .values_list("pk", "unit_id")
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                assignment=assignment,
                kind=kind,
                for_date=timezone.localdate(now),
                channel=Notification.Channel.IN_APP,
                subject=subject[:200],
                body=body,
                created_at=now,
                sent_at=now,
                event=event,
            )
            for user_id, unit_id in recipients
            for assignment in by_unit[unit_id]
        ],
        ignore_conflicts=True,
    )


def notify_supervisors(
    assignment: Assignment, *, kind: str, subject: str, body: str, now: datetime, event: str
) -> None:
    """Tell every active supervisor in-app that something waits for them (销号, 延期审批),
    once per ``event``."""
    recipients = User.objects.filter(role=User.Role.SUPERVISOR, is_active=True).values_list(
        "pk", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                assignment=assignment,
                kind=kind,
                for_date=timezone.localdate(now),
                channel=Notification.Channel.IN_APP,
                subject=subject[:200],
                body=body,
                created_at=now,
                sent_at=now,
                event=event,
            )
            for user_id in recipients
        ],
        ignore_conflicts=True,
    )


def chinese_date(day: date | None) -> str:
    """2026年11月25日, the way officials write dates."""
    return "未定" if day is None else dates.chinese_date(day)
