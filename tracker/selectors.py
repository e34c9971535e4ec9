"""Read-only querysets, scoped to what a user may see."""

from django.db.models import Count, Q, QuerySet

from directory import policy
from directory.models import Unit
from tracker.models import (
    Assignment,
    Evidence,
    ExtensionRequest,
    HistoryEntry,
    Notification,
    ProgressReport,
    Task,
)
from tracker.prepared import Prepared


def unit_directory(*, query: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet:
    """Units matching a free-text query over names and aliases, with their child counts."""
    units = Unit.objects.select_related("parent").annotate(
        child_count=Count("children", distinct=True)
    )
    if not include_inactive:
        units = units.filter(is_active=True)
    if kind:
        units = units.filter(kind=kind)
    if query:
        units = units.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(aliases__name__icontains=query)
        ).distinct()
    return units.order_by("sort_order", "name")


def assignments_visible_to(user) -> QuerySet:
    """Assignments the user may see: unit members their own unit's, everyone else all."""
    return policy.scope_to_units(Assignment.objects.select_related("task", "unit"), user)


def assignments_of_scope(scope: int | str) -> QuerySet:
    """The assignments a ``policy.unit_scope`` value keeps (what prepared queries are kept by)."""
    return policy.narrow_to_scope(Assignment.objects.all(), scope)


def units_visible_to(user) -> QuerySet:
    """Units whose task page the user may open: unit members their own unit, everyone else all."""
    return policy.scope_to_units(Unit.objects.all(), user, unit_field="pk")


_UNIT_COLUMNS = tuple(f.attname for f in Unit._meta.concrete_fields)
_unit_by_pk = Prepared(
    lambda pk: Unit.objects.filter(pk=pk).values_list(*_UNIT_COLUMNS), ids=("pk",)
)


def visible_unit(user, pk: int) -> Unit | None:
    """``units_visible_to(user).get(pk=pk)``, None for a unit the user may not see or that
    does not exist; prepared, as every unit page and row request reads it."""
    rows = _unit_by_pk(pk=pk) if policy.sees_unit(user, pk) else []
    return Unit.from_db("default", _UNIT_COLUMNS, rows[0]) if rows else None


def tasks_visible_to(user) -> QuerySet:
    """Tasks the user may see: unit members those with an assignment of their unit."""
    tasks = Task.objects.select_related("speech", "created_by")
    scoped = policy.scope_to_units(tasks, user, unit_field="assignments__unit_id")
    # A task with two shares of the unit (two periods) is one task.
    return (
        scoped.distinct() if user.is_authenticated and policy.sees_own_unit_only(user) else scoped
    )


def latest_report(assignment):
    """The assignment's most recent progress report with its evidence, or None."""
    return (
        ProgressReport.objects.filter(assignment=assignment)
        .select_related("author")
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")
        .first()
    )


def pending_extension(assignment):
    """The assignment's extension request awaiting a decision, or None."""
    return (
        ExtensionRequest.objects.filter(
            assignment=assignment, status=ExtensionRequest.Status.PENDING
        )
        .select_related("requested_by")
        .first()
    )


def history_of_task(task) -> QuerySet:
    """The task's timeline, oldest first, with who did it and to which unit's share."""
    return (
        HistoryEntry.objects.filter(task=task)
        .select_related("actor", "assignment__unit")
        .order_by("at", "pk")
    )


def history_of_assignment(assignment) -> QuerySet:
    """One assignment's timeline, oldest first."""
    return (
        HistoryEntry.objects.filter(assignment=assignment)
        .select_related("actor")
        .order_by("at", "pk")
    )


def evidence_visible_to(user) -> QuerySet:
    """Evidence files on assignments the user may see."""
    visible = assignments_visible_to(user).values("pk")
    return Evidence.objects.filter(report__assignment__in=visible).select_related(
        "report__assignment"
    )


def notifications_of(user) -> QuerySet:
    """The user's own in-app notifications that have been delivered, newest first."""
    return (
        Notification.objects.filter(
            recipient=user, channel=Notification.Channel.IN_APP, sent_at__isnull=False
        )
        .select_related("assignment__task", "assignment__unit")
        .order_by("-created_at", "-pk")
    )


def unread_notification_count(user) -> int:
    """Served by the partial index unread_in_app_by_recipient."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, sent_at__isnull=False, read_at=None
    ).count()


def reminder_log(assignment) -> QuerySet:
    """Every notice sent about one assignment (reminders, 催办, escalations), newest first:
    what, to whom, when, by which channel, delivered or failed."""
    return (
        Notification.objects.filter(assignment=assignment)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


def urge_count(assignment) -> int:
    """催办次数: the supervisors' urges recorded on the assignment."""
    return HistoryEntry.objects.filter(assignment=assignment, kind=HistoryEntry.Kind.URGED).count()
