"""Issuing 督办单: the supervisor picks a level and the requirements, the form gets the year's
next number, and the exact .docx handed to the unit is kept for re-download."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from directory import policy
from directory.models import User
from directory.policy import Action
from tracker.models import (
    Assignment,
    HistoryEntry,
    Instruction,
    Notification,
    SupervisionForm,
)
from tracker.services import history, submissions
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.dates import chinese_date
from tracker.services.documents import notices, numbering, supervision_form

NO_DUE = "未设时限"
REQUIREMENTS_REQUIRED = "请填写办理要求"
FEEDBACK_REQUIRED = "请填写反馈要求"
LEVEL_INVALID = "请选择督办等级（一般督办、重点督办或红色督办）"
FORM_CLOSED = "已销号的任务不再下发督办单"
FORM_SUBJECT = "【{level}】督办单 {number}：{task}"
DEFAULT_REQUIREMENTS = (
    "请高度重视，明确责任领导和具体责任人，对照目标逐项抓好落实，确保按期保质完成。"
)
CADENCE_FEEDBACK = {
    "weekly": "每周五前报送工作进展",
    "monthly": "每月25日前报送工作进展",
    "quarterly": "每季度末报送工作进展",
}
RECURRENCE_FEEDBACK = {
    "weekly": "每周报送一次工作进展",
    "monthly": "每月报送一次工作进展",
    "quarterly": "每季度报送一次工作进展",
    "half-yearly": "每半年报送一次工作进展",
    "yearly": "每年报送一次工作进展",
    "biennial": "每两年报送一次工作进展",
}


@dataclass(frozen=True, slots=True)
class FormDefaults:
    level: str
    requirements: str
    feedback: str


def _due_text(assignment: Assignment) -> str:
    return chinese_date(assignment.due_on) if assignment.due_on else NO_DUE


def default_feedback(assignment: Assignment) -> str:
    """反馈要求 from the task's reporting cadence (or its recurrence) and its deadline."""
    task = assignment.task
    parts = []
    if task.report_cadence in CADENCE_FEEDBACK:  # the second clock, when the task has one
        parts.append(CADENCE_FEEDBACK[task.report_cadence])
    elif task.recurrence in RECURRENCE_FEEDBACK:
        parts.append(RECURRENCE_FEEDBACK[task.recurrence])
    if assignment.due_on:
        parts.append(f"于{chinese_date(assignment.due_on)}前报送办结情况及佐证材料")
    else:
        parts.append("办结后3个工作日内报送办结情况及佐证材料")
    return "；".join(parts) + "。"


def form_defaults(assignment: Assignment) -> FormDefaults:
    return FormDefaults(
        level=SupervisionForm.Level.NORMAL,
        requirements=DEFAULT_REQUIREMENTS,
        feedback=default_feedback(assignment),
    )


def instruction_lines(instructions) -> tuple[str, ...]:
    """李书记（2026年11月30日）：请青石镇本周内拿出方案。"""
    lines = []
    for item in instructions:
        when = chinese_date(timezone.localdate(item.written_at))
        due = f"（要求{chinese_date(item.due_on)}前完成）" if item.due_on else ""
        lines.append(f"{item.author}（{when}）：{item.text}{due}")
    return tuple(lines)


def instructions_for(assignment: Assignment):
    """The 批示 that concern one assignment: on its task as a whole, or on it."""
    return (
        Instruction.objects.filter(task_id=assignment.task_id)
        .filter(Q(assignment__isnull=True) | Q(assignment_id=assignment.pk))
        .select_related("author")
        .order_by("written_at", "pk")
    )


def form_content(
    assignment: Assignment, *, number: str, level: str, requirements: str, feedback: str, today
) -> supervision_form.SupervisionFormContent:
    """Everything the printed form says, read from the assignment, its task and its source."""
    task = assignment.task
    speech = task.speech
    source = "—"
    if speech is not None:
        source = f"《{speech.title}》"
        if speech.delivered_on:
            source += f"（{chinese_date(speech.delivered_on)}）"
    siblings = (
        Assignment.objects.filter(task_id=task.pk, period=assignment.period)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name")
    )
    lead = tuple(a.unit.name for a in siblings if a.role == Assignment.Role.LEAD)
    cooperating = tuple(a.unit.name for a in siblings if a.role == Assignment.Role.COOPERATING)
    return supervision_form.SupervisionFormContent(
        office=settings.LUOSHI_OFFICE_NAME,
        number=number,
        level_label=SupervisionForm.Level(level).label,
        issued_on=today,
        task_title=task.title,
        source=source,
        quote=task.quote,
        lead_units=lead,
        cooperating_units=cooperating,
        due=_due_text(assignment),
        requirements=requirements,
        feedback=feedback,
        instructions=instruction_lines(instructions_for(assignment)),
    )


def stored_content(form: SupervisionForm) -> supervision_form.SupervisionFormContent:
    """The issued form's content as it was printed."""
    data = dict(form.content)
    data["issued_on"] = date.fromisoformat(data["issued_on"])
    for name in ("lead_units", "cooperating_units", "instructions"):
        data[name] = tuple(data[name])
    return supervision_form.SupervisionFormContent(**data)


def form_filename(form: SupervisionForm) -> str:
    return f"督办单_{form.number}.docx"


def issue_supervision_form(
    *,
    assignment: Assignment,
    issued_by: User,
    level: str,
    requirements: str,
    feedback: str,
    now: datetime,
    submission_key: str = "",
) -> SupervisionForm:
    """Number, build and keep one 督办单; the unit is told, a red one reaches its leaders too.
    Once per ``submission_key`` (the form's): a second submission returns the first 督办单,
    and its number is not spent."""
    policy.require(issued_by, Action.ISSUE_DOCUMENTS, assignment)
    return submissions.once(
        SupervisionForm,
        submission_key,
        lambda: _issue(assignment=assignment, issued_by=issued_by, level=level,
                       requirements=requirements, feedback=feedback, now=now,
                       submission_key=submission_key),
    )  # fmt: skip


@transaction.atomic
def _issue(
    *,
    assignment: Assignment,
    issued_by: User,
    level: str,
    requirements: str,
    feedback: str,
    now: datetime,
    submission_key: str,
) -> SupervisionForm:
    assignment = Assignment.objects.select_related("task__speech", "unit").get(pk=assignment.pk)
    requirements, feedback = (requirements or "").strip(), (feedback or "").strip()
    if assignment.status == Assignment.Status.CLOSED:
        raise WorkflowRefused(FORM_CLOSED)
    if not requirements:
        raise WorkflowRefused(REQUIREMENTS_REQUIRED)
    if not feedback:
        raise WorkflowRefused(FEEDBACK_REQUIRED)
    if level not in SupervisionForm.Level.values:
        raise WorkflowRefused(LEVEL_INVALID)
    level = SupervisionForm.Level(level)
    today = timezone.localdate(now)
    serial = numbering.allocate(series=numbering.FORM_SERIES, year=today.year)
    number = numbering.format_number(settings.LUOSHI_FORM_NUMBER_PREFIX, today.year, serial)
    content = form_content(
        assignment, number=number, level=level, requirements=requirements,
        feedback=feedback, today=today,
    )  # fmt: skip
    stored = asdict(content)
    stored["issued_on"] = today.isoformat()
    form = SupervisionForm(
        content=stored,
        assignment=assignment, year=today.year, serial=serial, number=number, level=level,
        requirements=requirements, feedback=feedback, issued_by=issued_by, issued_at=now,
        submission_key=submission_key or None,
    )  # fmt: skip
    form.file.save(
        f"form-{today.year}-{serial}.docx", ContentFile(supervision_form.build(content)), save=False
    )
    try:
        form.save()
    except IntegrityError:  # its twin submission was first: the row rolls back, the file goes
        form.file.delete(save=False)
        raise
    history.record(
        task=assignment.task, assignment=assignment, kind=HistoryEntry.Kind.SUPERVISION_FORM,
        actor=issued_by, at=now, new=number, note=level.label,
    )  # fmt: skip
    roles = (User.Role.UNIT_STAFF, User.Role.UNIT_LEADER)
    if level != SupervisionForm.Level.RED:
        roles = (User.Role.UNIT_STAFF,)
    notices.notify(
        notices.unit_members([assignment.unit_id], roles=roles),
        assignment=assignment,
        kind=Notification.Kind.SUPERVISION_FORM,
        subject=FORM_SUBJECT.format(
            level=level.label, number=number, task=assignment.task.title[:40]
        ),
        body=(
            f"{assignment.unit.name}：\n督查室下发{level.label}督办单（{number}）。\n"
            f"督办事项：{assignment.task.title}\n办理时限：{_due_text(assignment)}\n"
            f"办理要求：{requirements}\n反馈要求：{feedback}\n"
        ),
        now=now,
        event=Notification.event_of(form),
    )
    return form
