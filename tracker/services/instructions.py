"""领导批示: a leader writes an instruction on a task (all its units) or on one assignment.

The units concerned are told in-app (and by email); a 批示 that sets a deadline sets or
tightens it on the open assignments it concerns (never loosens one), each change recorded in
the history with the instruction as its reason.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory import policy
from directory.models import User
from directory.policy import Action
from tracker.models import Assignment, HistoryEntry, Instruction, Notification, Task
from tracker.services import history, submissions
from tracker.services.assignments.base import WorkflowRefused, save_bumped
from tracker.services.dates import chinese_date
from tracker.services.documents import notices

TEXT_REQUIRED = "请填写批示内容"
TEXT_TOO_LONG = "批示内容不超过 1000 字"
DUE_IN_PAST = "批示要求的时限不能早于今天"
NOT_OF_TASK = "该分派不属于此任务"
NOTHING_OPEN = "该任务已全部完成或销号，批示的时限不再调整"
SUBJECT = "领导批示：{task}"
DUE_NOTE = "领导批示：{text}"
MAX_LENGTH = 1000


def write_instruction(
    *,
    task: Task,
    author: User,
    text: str,
    now: datetime,
    assignment: Assignment | None = None,
    due_on: date | None = None,
    submission_key: str = "",
) -> Instruction:
    """Record a 批示, tell the units concerned, and set or tighten their deadline if asked;
    once per ``submission_key`` (the form's: a second submission returns the first 批示)."""
    policy.require(author, Action.WRITE_INSTRUCTION)
    return submissions.once(
        Instruction,
        submission_key,
        lambda: _write(task=task, author=author, text=text, now=now, assignment=assignment,
                       due_on=due_on, submission_key=submission_key),
    )  # fmt: skip


@transaction.atomic
def _write(
    *,
    task: Task,
    author: User,
    text: str,
    now: datetime,
    assignment: Assignment | None,
    due_on: date | None,
    submission_key: str,
) -> Instruction:
    text = (text or "").strip()
    if not text:
        raise WorkflowRefused(TEXT_REQUIRED)
    if len(text) > MAX_LENGTH:
        raise WorkflowRefused(TEXT_TOO_LONG)
    if assignment is not None and assignment.task_id != task.pk:
        raise WorkflowRefused(NOT_OF_TASK)
    today = timezone.localdate(now)
    if due_on is not None and due_on < today:
        raise WorkflowRefused(DUE_IN_PAST)
    concerned = Assignment.objects.filter(task=task).select_related("task", "unit")
    if assignment is not None:
        concerned = concerned.filter(pk=assignment.pk)
    # Lock the rows whose deadline may change, so a concurrent edit waits (and its form is
    # then stale: save_bumped raises the version).
    concerned = list(concerned.select_for_update(of=("self",)).order_by("pk"))
    open_ones = [a for a in concerned if a.status in Assignment.OPEN_STATUSES]
    if due_on is not None and not open_ones:
        raise WorkflowRefused(NOTHING_OPEN)
    instruction = Instruction.objects.create(
        task=task, assignment=assignment, author=author, text=text, due_on=due_on, written_at=now,
        submission_key=submission_key or None,
    )  # fmt: skip
    note = DUE_NOTE.format(text=text)[:500]
    history.record(
        task=task, assignment=assignment, kind=HistoryEntry.Kind.INSTRUCTION, actor=author,
        at=now, new=text,
    )  # fmt: skip
    if due_on is not None:
        for item in open_ones:
            if item.due_on is not None and item.due_on <= due_on:
                continue  # already as tight: a 批示 never loosens a deadline
            old = item.due_on
            item.due_on = due_on
            save_bumped(item, now=now, fields=["due_on"])
            history.record(
                task=task, assignment=item, kind=HistoryEntry.Kind.DUE_DATE, actor=author,
                at=now, old=old, new=due_on, note=note,
            )  # fmt: skip
        if assignment is None and (task.due_on is None or task.due_on > due_on):
            old_task_due = task.due_on
            Task.objects.filter(pk=task.pk).update(due_on=due_on, version=F("version") + 1)
            history.record(
                task=task, kind=HistoryEntry.Kind.DUE_DATE, actor=author, at=now,
                old=old_task_due, new=due_on, note=note,
            )  # fmt: skip
    due_line = f"要求时限：{chinese_date(due_on)}前\n" if due_on else ""
    for item in concerned:
        notices.notify(
            notices.unit_members([item.unit_id]),
            assignment=item,
            kind=Notification.Kind.INSTRUCTION,
            subject=SUBJECT.format(task=task.title[:60]),
            body=f"{item.unit.name}：\n{author}批示：{text}\n{due_line}任务：{task.title}\n",
            now=now,
            event=Notification.event_of(instruction),
        )
    return instruction
