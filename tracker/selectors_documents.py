"""Read side of 督办单, 督查通报 and 领导批示, scoped to what a user may see."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker import selectors
from tracker.links import UrlPattern
from tracker.models import Assignment, Bulletin, Instruction, SupervisionForm, Task
from tracker.prepared import Prepared


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


@dataclass(frozen=True, slots=True)
class InstructionLine:
    """A 批示 as its block shows it, read as plain values (no model instances, no joins
    resolved in Python): the unit page shows up to 20 of them on every load."""

    text: str
    author_name: str
    author_username: str
    written_at: datetime
    due_on: date | None
    unit_name: str | None  # None: for every unit of the task
    task_id: int
    task_title: str

    @property
    def author(self) -> str:
        return self.author_name or self.author_username  # User.__str__

    @property
    def written_label(self) -> str:
        """When it was written, local time (what ``|date:"Y-m-d H:i"`` prints, cheaper)."""
        return f"{timezone.localtime(self.written_at):%Y-%m-%d %H:%M}"

    @property
    def task_title_short(self) -> str:
        return self.task_title if len(self.task_title) <= 40 else self.task_title[:39] + "…"

    @property
    def task_url(self) -> str:
        return UrlPattern("tracker:task-detail")(self.task_id)


_LINE_FIELDS = (
    *("text", "author__display_name", "author__username", "written_at", "due_on"),
    *("assignment__unit__name", "task_id", "task__title"),
)


UNIT_PAGE_INSTRUCTIONS = 20


def task_instructions(task: Task) -> list[InstructionLine]:
    """The 批示 on a task (for all its units or one of them), newest first."""
    values = Instruction.objects.filter(task=task).order_by("-written_at", "-pk")
    return [InstructionLine(*v) for v in values.values_list(*_LINE_FIELDS)]


def _unit_instructions(unit: int) -> QuerySet:
    shared = Assignment.objects.filter(unit_id=unit).values("task_id")
    return (
        Instruction.objects.filter(
            Q(assignment__unit_id=unit) | Q(assignment__isnull=True, task_id__in=shared)
        )
        .order_by("-written_at", "-pk")
        .values_list(*_LINE_FIELDS)[:UNIT_PAGE_INSTRUCTIONS]
    )


_unit_instruction_rows = Prepared(_unit_instructions, ids=("unit",))


def unit_instructions(unit: Unit) -> list[InstructionLine]:
    """The newest 批示 concerning a unit: on one of its assignments, or on a task it shares.
    The shared tasks are a subquery, so no join multiplies the rows (no DISTINCT); prepared,
    as the unit page shows them on every load."""
    return [InstructionLine(*v) for v in _unit_instruction_rows(unit=unit.pk)]
