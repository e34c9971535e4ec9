"""Read side of 督办单, 督查通报 and 领导批示, scoped to what a user may see."""

from django.db.models import Q, QuerySet

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker import selectors
from tracker.models import Bulletin, Instruction, SupervisionForm, Task


def forms_visible_to(user) -> QuerySet:
    """Issued 督办单 of the assignments the user may see."""
    visible = selectors.assignments_visible_to(user).values("pk")
    return SupervisionForm.objects.filter(assignment__in=visible).select_related(
        "assignment__task", "assignment__unit", "issued_by"
    )


def bulletins_visible_to(user) -> QuerySet:
    """Every bulletin for supervisors and leaders; issued ones only for the units."""
    bulletins = Bulletin.objects.select_related("requested_by", "issued_by", "speech")
    if not user.is_authenticated or not user.is_active:
        return bulletins.none()
    if policy.can(user, Action.VIEW_DOCUMENTS):
        return bulletins
    return bulletins.filter(status=Bulletin.Status.ISSUED)


def task_instructions(task: Task) -> QuerySet:
    """The 批示 on a task (for all its units or one of them), newest first."""
    return (
        Instruction.objects.filter(task=task)
        .select_related("author", "assignment__unit")
        .order_by("-written_at", "-pk")
    )


def unit_instructions(unit: Unit) -> QuerySet:
    """The 批示 concerning a unit: on one of its assignments, or on a task it shares."""
    return (
        Instruction.objects.filter(
            Q(assignment__unit=unit) | Q(assignment__isnull=True, task__assignments__unit=unit)
        )
        .distinct()
        .select_related("author", "task", "assignment__unit")
        .order_by("-written_at", "-pk")
    )
