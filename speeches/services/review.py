"""Review the extractor's candidates: accept into tasks, edit, reject, merge, split, add.

Every write asks directory.policy for REVIEW_DIRECTIVES, locks the candidate rows it changes
(select_for_update, so two reviewers never accept the same candidate twice) and records who and
when on the candidate. Refusals raise ReviewRefused with a Chinese message and change nothing.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from directory.units import UnitDirectory
from lib.group_words import group_mentions
from lib.refusal import Refused
from speeches.extraction.sentences import strip_span
from speeches.models import Directive, Speech

NOT_PENDING = "该候选已{status}，不能再{action}"
MERGED_CANNOT_CHANGE = "该候选已合并到其他候选，不能再操作"
MERGE_OTHER_SPEECH = "只能合并同一篇讲话中的候选"
MERGE_SAME = "请选择另一条候选进行合并"
SPLIT_OUTSIDE = "拆分位置必须在原文中间（第 1 到 {last} 个字之后）"
SPLIT_EMPTY_PART = "拆分后每一段都必须有文字"
SPAN_INVALID = "所选文字不在讲话正文范围内，请重新选择"
SPAN_EMPTY = "请先在讲话正文中选择一段文字"
SPAN_TOO_LONG = "所选文字过长（最多 {limit} 字），请只选择一条任务的原文"
SPAN_DUPLICATE = "所选文字已是一条候选任务"
TASK_REQUIRED = "任务内容不能为空"

MAX_SPAN_CHARS = 2000
# Trailing punctuation trimmed from a quote when it becomes a task title.
_EDGE_PUNCTUATION = " \t\r\n\u3000，。；：、,.;:"


class ReviewRefused(Refused):
    """A review action that cannot be done; ``message`` is shown to the reviewer."""


def locked_candidate(directive: Directive) -> Directive:
    return Directive.objects.select_for_update().select_related("speech").get(pk=directive.pk)


def _require_pending(directive: Directive, action: str) -> None:
    if directive.status == Directive.Status.MERGED:
        raise ReviewRefused(MERGED_CANNOT_CHANGE)
    if directive.status != Directive.Status.PENDING:
        raise ReviewRefused(
            NOT_PENDING.format(status=directive.get_status_display(), action=action)
        )


def mark_reviewed(directive: Directive, *, status: str, actor: User, now: datetime) -> None:
    directive.status = status
    directive.reviewed_by = actor
    directive.reviewed_at = now
    directive.save(update_fields=["status", "reviewed_by", "reviewed_at"])


@transaction.atomic
def reject_directive(*, directive: Directive, actor: User, now: datetime) -> Directive:
    """Mark a pending candidate 驳回; rejecting a rejected one is a no-op."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = locked_candidate(directive)
    if directive.status == Directive.Status.REJECTED:
        return directive
    _require_pending(directive, "驳回")
    mark_reviewed(directive, status=Directive.Status.REJECTED, actor=actor, now=now)
    return directive


@transaction.atomic
def restore_directive(*, directive: Directive, actor: User, now: datetime) -> Directive:
    """Put a rejected candidate back into the queue (undo of a reject)."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = locked_candidate(directive)
    if directive.status == Directive.Status.PENDING:
        return directive
    if directive.status != Directive.Status.REJECTED:
        raise ReviewRefused(
            NOT_PENDING.format(status=directive.get_status_display(), action="恢复")
        )
    mark_reviewed(directive, status=Directive.Status.PENDING, actor=actor, now=now)
    return directive


# What a reviewer may change on a pending candidate (the keyword arguments of edit_directive).
EDITABLE_FIELDS = (
    "task",
    "units",
    "unmatched_units",
    "deadline",
    "deadline_text",
    "recurrence",
    "target",
)


@transaction.atomic
def edit_directive(
    *,
    directive: Directive,
    actor: User,
    now: datetime,
    task: str,
    units: Iterable[Unit],
    unmatched_units: list[str],
    deadline: date | None,
    deadline_text: str,
    recurrence: str,
    target: str,
) -> Directive:
    """Change what a pending candidate proposes; its span in the speech stays as extracted."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = locked_candidate(directive)
    _require_pending(directive, "修改")
    if not task.strip():
        raise ReviewRefused(TASK_REQUIRED)
    directive.task = task.strip()
    kept = [name for name in unmatched_units if name.strip()]
    # A name the reviewer deleted from the unmatched list is dropped knowingly: keep the record.
    dropped = [name for name in directive.unmatched_units if name not in kept]
    directive.dropped_units = [*directive.dropped_units, *dropped]
    directive.unmatched_units = kept
    if deadline != directive.deadline:  # the reviewer's date: no longer read from the text
        directive.deadline_source_kind = directive.deadline_source_text = ""
    directive.deadline = deadline
    directive.deadline_text = deadline_text.strip()
    directive.recurrence = recurrence
    directive.target = target.strip()
    directive.touched_at = now
    directive.full_clean(exclude=["speech", "units", "reviewed_by"])
    directive.save(
        update_fields=[
            "touched_at",
            "dropped_units",
            "task",
            "unmatched_units",
            "deadline",
            "deadline_text",
            "deadline_source_kind",
            "deadline_source_text",
            "recurrence",
            "target",
        ]
    )
    directive.units.set(list(units))
    return directive


def _first_nonempty(*values):
    return next((value for value in values if value), values[-1])


@transaction.atomic
def merge_directives(
    *, directive: Directive, other: Directive, actor: User, now: datetime
) -> Directive:
    """Fold two pending candidates of one speech into the earlier one: union of units, the span
    from the earliest start to the latest end; the other is marked 已合并."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    if directive.pk == other.pk:
        raise ReviewRefused(MERGE_SAME)
    # Lock both in primary-key order so two opposite merges cannot deadlock.
    locked = {
        d.pk: d
        for d in Directive.objects.select_for_update()
        .select_related("speech")
        .filter(pk__in=[directive.pk, other.pk])
        .order_by("pk")
    }
    first, second = locked[directive.pk], locked[other.pk]
    if first.speech_id != second.speech_id:
        raise ReviewRefused(MERGE_OTHER_SPEECH)
    _require_pending(first, "合并")
    _require_pending(second, "合并")
    keep, absorb = sorted((first, second), key=lambda d: (d.start, d.ordinal))
    text = keep.speech.text
    keep.start, keep.end = min(keep.start, absorb.start), max(keep.end, absorb.end)
    keep.quote = text[keep.start : keep.end]
    keep.task = f"{keep.task}；{absorb.task}" if absorb.task not in keep.task else keep.task
    keep.unit_mentions = list(dict.fromkeys([*keep.unit_mentions, *absorb.unit_mentions]))
    keep.unmatched_units = list(dict.fromkeys([*keep.unmatched_units, *absorb.unmatched_units]))
    deadlines = [d for d in (keep.deadline, absorb.deadline) if d is not None]
    if deadlines:
        earliest = min(deadlines)
        source = keep if keep.deadline == earliest else absorb
        keep.deadline_text = source.deadline_text
        keep.deadline_source_kind = source.deadline_source_kind
        keep.deadline_source_text = source.deadline_source_text
        keep.deadline = earliest
    if not keep.units_source_kind:
        keep.units_source_kind = absorb.units_source_kind
        keep.units_source_text = absorb.units_source_text
    keep.recurrence = _first_nonempty(keep.recurrence, absorb.recurrence)
    keep.target = _first_nonempty(keep.target, absorb.target)
    keep.section_path = _first_nonempty(keep.section_path, absorb.section_path)
    keep.confidence = max(keep.confidence, absorb.confidence)
    keep.touched_at = now
    keep.save()
    keep.units.add(*absorb.units.all())
    mark_reviewed(absorb, status=Directive.Status.MERGED, actor=actor, now=now)
    return keep


def _title_from(quote: str) -> str:
    return quote.strip(_EDGE_PUNCTUATION) or quote.strip()


def _next_ordinal(speech: Speech) -> int:
    return (speech.directives.aggregate(top=Max("ordinal"))["top"] or 0) + 1


@transaction.atomic
def split_directive(
    *, directive: Directive, at: int, actor: User, now: datetime
) -> tuple[Directive, Directive]:
    """Cut a pending candidate at speech offset ``at`` into two candidates that cover the same
    text; both keep the units, deadline and recurrence for the reviewer to adjust."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = locked_candidate(directive)
    _require_pending(directive, "拆分")
    if not directive.start < at < directive.end:
        raise ReviewRefused(SPLIT_OUTSIDE.format(last=directive.end - directive.start - 1))
    text = directive.speech.text
    left = strip_span(text, directive.start, at)
    right = strip_span(text, at, directive.end)
    if left[0] == left[1] or right[0] == right[1]:
        raise ReviewRefused(SPLIT_EMPTY_PART)
    units = list(directive.units.all())
    second = Directive(
        speech=directive.speech,
        ordinal=_next_ordinal(directive.speech),
        quote=text[right[0] : right[1]],
        start=right[0],
        end=right[1],
        section_path=directive.section_path,
        task=_title_from(text[right[0] : right[1]]),
        unit_mentions=directive.unit_mentions,
        unmatched_units=directive.unmatched_units,
        deadline_text=directive.deadline_text,
        deadline=directive.deadline,
        recurrence=directive.recurrence,
        target=directive.target,
        units_source_kind=directive.units_source_kind,
        units_source_text=directive.units_source_text,
        deadline_source_kind=directive.deadline_source_kind,
        deadline_source_text=directive.deadline_source_text,
        confidence=directive.confidence,
        touched_at=now,
    )
    second.save()
    second.units.set(units)
    directive.start, directive.end = left
    directive.quote = text[left[0] : left[1]]
    directive.task = _title_from(directive.quote)
    directive.touched_at = now
    directive.save(update_fields=["start", "end", "quote", "task", "touched_at"])
    return directive, second


def mentions_in(quote: str, directory: UnitDirectory) -> list[str]:
    """Unit names and group words found in a hand-selected quote, in order of appearance."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for start, end, words in group_mentions(quote):
        found.append((start, words))
        taken.append((start, end))
    for name in directory._names_longest_first:
        if len(name) < 2:
            continue
        for match in re.finditer(re.escape(name), quote):
            span = match.span()
            if not any(s < span[1] and span[0] < e for s, e in taken):
                found.append((span[0], name))
                taken.append(span)
    return [name for _, name in sorted(found)]


@transaction.atomic
def add_directive(*, speech: Speech, start: int, end: int, actor: User, now: datetime) -> Directive:
    """Add a candidate the extractor missed from a span of the speech text the reviewer
    selected; the quote is always the text at those offsets, never what the browser sent."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, speech)
    speech = Speech.objects.select_for_update().get(pk=speech.pk)  # serialise ordinals
    text = speech.text
    if not (0 <= start <= end <= len(text)):
        raise ReviewRefused(SPAN_INVALID)
    start, end = strip_span(text, start, end)
    if start == end:
        raise ReviewRefused(SPAN_EMPTY)
    if end - start > MAX_SPAN_CHARS:
        raise ReviewRefused(SPAN_TOO_LONG.format(limit=MAX_SPAN_CHARS))
    live = speech.directives.exclude(status=Directive.Status.MERGED)
    if live.filter(start=start, end=end).exists():
        raise ReviewRefused(SPAN_DUPLICATE)
    quote = text[start:end]
    directory = UnitDirectory.load()
    mentions = mentions_in(quote, directory)
    resolution = directory.resolve(mentions, area=speech.area)
    neighbour = live.filter(start__lte=start).order_by("-start").first()
    directive = Directive(
        speech=speech,
        ordinal=_next_ordinal(speech),
        quote=quote,
        start=start,
        end=end,
        section_path=neighbour.section_path if neighbour else [],
        task=_title_from(quote),
        unit_mentions=mentions,
        unmatched_units=resolution.unmatched,
        confidence=1.0,
        touched_at=now,
    )
    directive.save()
    directive.units.set(resolution.units)
    return directive
