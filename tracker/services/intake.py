"""Intake: an accepted candidate becomes a Task and one Assignment per responsible unit.

The hand-off from ``speeches`` (file → candidates) to ``tracker`` (work). Accepting locks the
candidate (two reviewers never create the same task twice), asks the policy for
REVIEW_DIRECTIVES and marks the candidate accepted; ``create_assignments`` is the one place that
creates a unit's first share of a task, records it and tells the unit (新任务).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from directory.units import UnitDirectory
from lib.group_words import GROUP_PREFIX, group_kinds
from speeches.models import Directive, Speech
from speeches.services import review
from speeches.services.review import ReviewRefused
from tracker.models import Assignment, HistoryEntry, Notification, Task
from tracker.services import history, periods, report_clock
from tracker.services.assignments.base import ASSIGNED_SUBJECT, notify_units

NO_UNITS = "该候选没有匹配到责任单位，请先点“修改”选择责任单位再采纳"
ALREADY_ACCEPTED = "该候选已采纳，未重复生成任务"
LEAD_NOT_AMONG_UNITS = "牵头单位必须是所选责任单位之一"
UNMATCHED_UNITS = (
    "以下单位不在单位名录中：{names}。请逐个对应到名录中的单位、新建该单位，或确认舍弃，再采纳"
)
DROPPED_NOTE = "不在单位名录、经审核舍弃的单位：{names}"
UNITS_WITHOUT_ACCOUNT = (
    "以下责任单位还没有账号，任务暂时无人接收：{names}。请到“导入名录”为其导入账号"
)
THRESHOLD_INVALID = "置信度须在 0 到 1 之间"
LEAD_MARK = "牵头"


@dataclass
class BulkOutcome:
    accepted: list[Task] = field(default_factory=list)
    skipped: list[Directive] = field(default_factory=list)


def create_assignments(
    *,
    task: Task,
    units: list[Unit],
    lead_ids: set[int],
    period_start: date | None,
    due_on: date | None,
    actor: User,
    now: datetime,
    note: str,
) -> list[Assignment]:
    """One Assignment per unit (牵头 for ``lead_ids``, else 配合), its history, and a 新任务
    notification to each unit's members. The only constructor of a task's first shares."""
    assignments = Assignment.objects.bulk_create(
        Assignment(
            task=task,
            unit=unit,
            role=Assignment.Role.LEAD if unit.pk in lead_ids else Assignment.Role.COOPERATING,
            period=1,
            period_start=period_start,
            due_on=due_on,
            created_at=now,
            updated_at=now,
        )
        for unit in units
    )
    roles = dict(Assignment.Role.choices)
    history.record(
        task=task,
        kind=HistoryEntry.Kind.CREATED,
        actor=actor,
        at=now,
        new=task.title,
        note=note + "、".join(f"{a.unit.display_name}（{roles[a.role]}）" for a in assignments),
    )
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            task=task,
            assignment=assignment,
            kind=HistoryEntry.Kind.CREATED,
            new_value=f"{assignment.unit.display_name}（{roles[assignment.role]}）",
            actor=actor,
            at=now,
        )
        for assignment in assignments
    )
    notify_units(
        assignments,
        kind=Notification.Kind.ASSIGNED,
        subject=ASSIGNED_SUBJECT.format(task=task.title[:60]),
        body="",
        now=now,
    )
    return assignments


def _names_of(unit: Unit, aliases: dict[int, list[str]]) -> list[str]:
    return [name for name in (unit.name, unit.short_name, *aliases.get(unit.pk, ())) if name]


def _is_group_word(mention: str, directory: UnitDirectory) -> bool:
    stripped = mention.strip()
    if stripped in directory.by_name or GROUP_PREFIX.sub("", stripped) in directory.by_name:
        return False
    return bool(group_kinds(stripped))


def default_lead_ids(
    *,
    quote: str,
    mentions: Iterable[str],
    units: list[Unit],
    area: Unit | None,
    directory: UnitDirectory | None = None,
) -> set[int]:
    """Which of ``units`` lead (牵头): the units the text marks 牵头; else the first mention
    that names any of them, where a run of group words leads as a whole (under 各乡镇、街道 each
    township and street leads its own share); else the first unit."""
    if not units:
        return set()
    chosen = {unit.pk for unit in units}
    directory = directory or UnitDirectory.load()
    if LEAD_MARK in quote:
        aliases: dict[int, list[str]] = {}
        for name, named_unit in directory.by_name.items():
            aliases.setdefault(named_unit.pk, []).append(name)
        marked = {
            unit.pk
            for unit in units
            if any(f"{name}{LEAD_MARK}" in quote for name in _names_of(unit, aliases))
        }
        if marked:
            return marked
    leads: set[int] = set()
    for mention in mentions:
        resolved = {u.pk for u in directory.resolve([mention], area=area).units} & chosen
        if not resolved:
            continue
        if not _is_group_word(mention, directory):
            return leads or resolved
        leads |= resolved
    return leads or {units[0].pk}


def _assignment_due(directive: Directive, due_on: date | None, today: date):
    """(period_start, due_on) of the first assignment: a recurring task's first period ends
    the current period; otherwise the deadline."""
    if directive.recurrence:
        period = periods.first_period(directive.recurrence, today)
        return period.start, period.end
    return None, due_on


@transaction.atomic
def accept_directive(
    *,
    directive: Directive,
    actor: User,
    now: datetime,
    units: Iterable[Unit] | None = None,
    lead_unit: Unit | None = None,
    due_on: date | None = None,
    task_title: str | None = None,
    directory: UnitDirectory | None = None,
    drop_unmatched: bool = False,
) -> Task:
    """Turn a candidate into one Task and one Assignment per responsible unit, exactly once;
    accepting an accepted candidate returns its task and creates nothing. ``directory`` lets a
    caller accepting many candidates load the unit directory once. Units the directory does
    not know are never dropped silently: they must be settled first (speeches.services.
    unmatched_units), or ``drop_unmatched`` drops them on the record."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = review.locked_candidate(
        directive
    )  # serialise two reviewers accepting the same candidate
    if directive.status == Directive.Status.ACCEPTED:
        return Task.objects.get(directive=directive)
    if directive.status == Directive.Status.MERGED:
        raise ReviewRefused(review.MERGED_CANNOT_CHANGE)
    chosen = list(directive.units.all()) if units is None else list(units)
    chosen.sort(key=lambda unit: (unit.sort_order, unit.name))
    if not chosen:
        raise ReviewRefused(NO_UNITS)
    if lead_unit is not None and lead_unit.pk not in {unit.pk for unit in chosen}:
        raise ReviewRefused(LEAD_NOT_AMONG_UNITS)
    if directive.unmatched_units and not drop_unmatched:
        raise ReviewRefused(UNMATCHED_UNITS.format(names="、".join(directive.unmatched_units)))
    dropped_now = list(directive.unmatched_units)
    title = (task_title if task_title is not None else directive.task).strip()
    if not title:
        raise ReviewRefused(review.TASK_REQUIRED)
    due = due_on if due_on is not None else directive.deadline
    speech = directive.speech

    task = Task.objects.create(
        directive=directive,
        speech=speech,
        title=title,
        quote=directive.quote,
        quote_start=directive.start,
        quote_end=directive.end,
        section_path=directive.section_path,
        deadline_text=directive.deadline_text,
        due_on=due,
        recurrence=directive.recurrence,
        # "每月25日前报送进展": the directive's recurrence is a reporting cadence (editable).
        report_cadence=report_clock.cadence_from_directive(
            directive.recurrence, f"{directive.task}{directive.quote}"
        ),
        target=directive.target,
        provenance=directive.provenance(),
        created_by=actor,
        created_at=now,
    )
    if lead_unit is not None:
        lead_ids = {lead_unit.pk}
    else:
        lead_ids = default_lead_ids(
            quote=directive.quote,
            mentions=directive.unit_mentions,
            units=chosen,
            area=speech.area,
            directory=directory,
        )
    period_start, assignment_due = _assignment_due(directive, due, timezone.localdate(now))
    create_assignments(
        task=task,
        units=chosen,
        lead_ids=lead_ids,
        period_start=period_start,
        due_on=assignment_due,
        actor=actor,
        now=now,
        note="采纳讲话候选任务，责任单位：",
    )
    dropped = [*directive.dropped_units, *dropped_now]
    if dropped:  # on the task's record: which units of the text nobody was assigned
        history.record(
            task=task, kind=HistoryEntry.Kind.CREATED, actor=actor, at=now,
            note=DROPPED_NOTE.format(names="、".join(dropped)),
        )  # fmt: skip
    if dropped_now:
        directive.dropped_units, directive.unmatched_units = dropped, []
        directive.save(update_fields=["dropped_units", "unmatched_units"])
    review.mark_reviewed(directive, status=Directive.Status.ACCEPTED, actor=actor, now=now)
    return task


def units_without_account(task: Task) -> list[Unit]:
    """The task's units with no active login: nobody there will see the work (a warning)."""
    members = User.objects.filter(unit=OuterRef("pk"), role__in=User.UNIT_ROLES, is_active=True)
    return list(
        Unit.objects.filter(assignments__task=task)
        .exclude(Exists(members))
        .distinct()
        .order_by("sort_order", "name")
    )


@dataclass
class EditAndAccept:
    directive: Directive
    task: Task | None = None
    refused: str = ""  # why accepting was refused; the edit is kept for the reviewer to finish


@transaction.atomic
def edit_and_accept(
    *,
    directive: Directive,
    actor: User,
    now: datetime,
    lead_unit: Unit | None = None,
    **changes,
) -> EditAndAccept:
    """Save the reviewer's changes to a pending candidate and accept it, in one transaction. A
    refused edit changes nothing (ReviewRefused); a refused accept keeps the edit and says why.
    ``changes`` are edit_directive's keyword arguments."""
    edited = review.edit_directive(directive=directive, actor=actor, now=now, **changes)
    try:
        with transaction.atomic():  # a refused accept rolls back to here, not the edit
            task = accept_directive(directive=edited, actor=actor, now=now, lead_unit=lead_unit)
    except ReviewRefused as refused:
        return EditAndAccept(directive=edited, refused=refused.message)
    return EditAndAccept(directive=edited, task=task)


def bulk_accept(
    *, speech: Speech, actor: User, now: datetime, min_confidence: float
) -> BulkOutcome:
    """Accept every pending candidate at or above ``min_confidence`` that has units; the ones
    without units, or naming units the directory does not know, are skipped and returned for
    the reviewer to finish."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, speech)
    if not 0 <= min_confidence <= 1:
        raise ReviewRefused(THRESHOLD_INVALID)
    outcome = BulkOutcome()
    directory = UnitDirectory.load()
    with transaction.atomic():
        candidates = (
            speech.directives.filter(
                status=Directive.Status.PENDING, confidence__gte=min_confidence
            )
            .prefetch_related("units")
            .order_by("start", "ordinal")
        )
        for candidate in candidates:
            if not candidate.units.all() or candidate.unmatched_units:
                outcome.skipped.append(candidate)
                continue
            outcome.accepted.append(
                accept_directive(directive=candidate, actor=actor, now=now, directory=directory)
            )
    return outcome
