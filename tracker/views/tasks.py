"""The task page: the source quote in its speech, each unit's share, the history timeline."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from tracker import selectors
from tracker.forms import TaskEditForm
from tracker.models import Task
from tracker.services import assignments as services
from tracker.services.assignments import StaleVersion, WorkflowRefused

TEMPLATE = "tracker/task_detail.html"
TASK_SAVED = "任务已修改"
CONTEXT_CHARS = 240


@dataclass(frozen=True)
class SourceSpan:
    """The speech text cut around the quote; the template escapes each piece."""

    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool
    full_before: str
    full_after: str


def source_span(task: Task) -> SourceSpan | None:
    """Locate the quote in its speech: by the stored offsets, else by searching the text."""
    speech = task.speech
    if speech is None or not task.quote:
        return None
    text = speech.text
    start, end = task.quote_start, task.quote_end
    if start is None or end is None or text[start:end] != task.quote:
        start = text.find(task.quote)
        if start < 0:
            return None
        end = start + len(task.quote)
    # Show whole lines around the quote, at most CONTEXT_CHARS either side.
    lo = max(0, start - CONTEXT_CHARS)
    if lo > 0:
        first_break = text.find("\n", lo, start)
        lo = first_break + 1 if first_break >= 0 else lo
    hi = min(len(text), end + CONTEXT_CHARS)
    if hi < len(text):
        last_break = text.rfind("\n", end, hi)
        hi = last_break if last_break >= 0 else hi
    return SourceSpan(
        before=text[lo:start],
        quote=text[start:end],
        after=text[end:hi],
        cut_before=lo > 0,
        cut_after=hi < len(text),
        full_before=text[:start],
        full_after=text[end:],
    )


def task_context(user, task: Task, *, today: date, edit_form=None) -> dict:
    """Everything the task page shows as of ``today``."""
    visible = selectors.assignments_visible_to(user).filter(task=task)
    shares = list(visible.order_by("period", "role", "unit__sort_order", "unit__name"))
    for share in shares:
        share.overdue = share.is_overdue_on(today)
    history = selectors.history_of_task(task)
    if user.is_unit_member:
        # A unit sees the task-level entries and its own share's, not other units'.
        history = history.filter(Q(assignment__isnull=True) | Q(assignment__in=visible))
    may_edit = policy.can(user, Action.EDIT_TASK, task)
    if may_edit and edit_form is None:
        edit_form = TaskEditForm(
            initial={
                "version": task.version,
                "title": task.title,
                "target": task.target,
                "due_on": task.due_on,
                "report_cadence": task.report_cadence,
                "units": sorted({share.unit_id for share in shares}),
            }
        )
    return {
        "task": task,
        "span": source_span(task),
        "shares": shares,
        "history": history,
        "may_edit": may_edit,
        "may_view_speech": policy.can(user, Action.VIEW_SPEECH),
        "edit_form": edit_form if may_edit else None,
        "today": today,
    }


@require_GET
@vary_on_headers("HX-Request")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#task-main"
    return render(request, template, task_context(request.user, task, today=timezone.localdate()))


@require_POST
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.EDIT_TASK, task)
    form = TaskEditForm(request.POST)
    if form.is_valid():
        try:
            task = services.edit_task(
                task=task,
                edited_by=request.user,
                now=timezone.now(),
                title=form.cleaned_data["title"],
                target=form.cleaned_data["target"],
                due_on=form.cleaned_data["due_on"],
                expected_version=form.cleaned_data["version"],
                # Fields the form did not send stay as they are.
                units=list(form.cleaned_data["units"]) if "units" in request.POST else None,
                report_cadence=form.cleaned_data["report_cadence"]
                if "report_cadence" in request.POST
                else None,
            )
        except WorkflowRefused as exc:
            form.add_error(None, exc.message)
            if isinstance(exc, StaleVersion):
                data = form.data.copy()
                data["version"] = Task.objects.get(pk=task.pk).version
                form.data = data
        else:
            if not request.htmx:
                messages.success(request, TASK_SAVED)
                return redirect(task)
            form = None
    task = Task.objects.select_related("speech", "created_by").get(pk=task.pk)
    context = task_context(request.user, task, today=timezone.localdate(), edit_form=form)
    if form is None:
        context["saved_message"] = TASK_SAVED
    template = TEMPLATE + ("#task-main" if request.htmx else "")
    return render(request, template, context)
