"""The assignment page and its actions: status, progress reports, extensions, due date, reassign.

Each action finds the assignment through the scoped selector (another unit's: 404), asks the
policy (visible but not allowed: 403), lets one service do the write and answers an htmx
request with the ``assignment-panel`` partial, a plain one with a redirect.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from tracker import selectors
from tracker.forms import (
    DueDateForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    ReassignForm,
    TransitionForm,
    UrgeForm,
    error_text,
)
from tracker.models import Assignment, ExtensionRequest, Notification
from tracker.services import assignments as services
from tracker.services import escalation, report_clock, urging
from tracker.services.assignments import TRANSITIONS, StaleVersion, WorkflowRefused
from tracker.services.reminders.scan import rules_from_settings

TEMPLATE = "tracker/assignment_detail.html"
REMINDER_LOG_LIMIT = 200  # the newest; the admin's 通知 list has them all

SAVED = {
    "report": "进展已填报",
    "transition": "状态已更新",
    "extension": "延期申请已提交，等待审批",
    "decision": "延期申请已审批",
    "due": "完成时限已调整",
    "reassign": "已改派",
    "urge": "已催办，单位将在站内和邮件收到催办",
}


def _visible(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(selectors.assignments_visible_to(request.user), pk=pk)


def detail_context(user, assignment: Assignment, *, today: date, **bound) -> dict:
    """Everything the assignment page shows as of ``today``; ``bound`` carries a failed form."""
    version = {"version": assignment.version}
    is_open = assignment.status in Assignment.OPEN_STATUSES
    pending = selectors.pending_extension(assignment)
    may = {
        action.value: policy.can(user, action, assignment)
        for action in (
            Action.REPORT_PROGRESS,
            Action.REQUEST_EXTENSION,
            Action.DECIDE_EXTENSION,
            Action.CHANGE_DUE_DATE,
            Action.REASSIGN,
            Action.URGE,
        )
    }
    log = list(selectors.reminder_log(assignment)[:REMINDER_LOG_LIMIT])
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "today": today,
        "is_overdue": assignment.is_overdue_on(today),
        "latest_report": selectors.latest_report(assignment),
        "pending_extension": pending,
        "past_extensions": assignment.extension_requests.exclude(
            status=ExtensionRequest.Status.PENDING
        ).select_related("decided_by"),
        "history": selectors.history_of_assignment(assignment),
        "transitions": [
            (name.value, rule) for name, rule in services.allowed_transitions(user, assignment)
        ],
        "may": may,
        "report_form": None,
        "extension_form": None,
        "decision_form": None,
        "due_form": None,
        "reassign_form": None,
        "action_error": bound.pop("action_error", None),
        "max_evidence_mb": settings.LUOSHI_MAX_EVIDENCE_MB,
        "reminder_log": log,
        "urge_count": selectors.urge_count(assignment),
        "urge_form": None,
        "ladder": escalation.ladder(
            due_on=assignment.due_on,
            today=today,
            is_open=is_open,
            # The escalation is keyed by the due date it escalates (see the reminder scan).
            escalated=assignment.notifications.filter(
                kind=Notification.Kind.ESCALATION, for_date=assignment.due_on
            ).exists(),
            rules=rules_from_settings(),
        ),
        "report_clock": _report_clock(assignment, today=today, is_open=is_open),
    }
    if may[Action.URGE] and is_open:
        context["urge_form"] = UrgeForm(initial={"message": urging.DEFAULT_MESSAGE})
    if may[Action.REPORT_PROGRESS] and is_open:
        context["report_form"] = ProgressReportForm(
            initial={**version, "progress": assignment.progress}
        )
    if may[Action.REQUEST_EXTENSION] and is_open and pending is None:
        context["extension_form"] = ExtensionRequestForm(initial=version)
    if may[Action.DECIDE_EXTENSION] and pending is not None:
        context["decision_form"] = ExtensionDecisionForm(
            initial={**version, "extension": pending.pk}
        )
    if may[Action.CHANGE_DUE_DATE] and assignment.status != Assignment.Status.CLOSED:
        context["due_form"] = DueDateForm(initial={**version, "due_on": assignment.due_on})
    if may[Action.REASSIGN] and assignment.status != Assignment.Status.CLOSED:
        context["reassign_form"] = ReassignForm(initial=version)
    context.update(bound)
    return context


def _report_clock(assignment: Assignment, *, today: date, is_open: bool) -> dict | None:
    """The second clock: the reporting cadence, the next deadline and a missed one."""
    cadence = assignment.task.report_cadence
    if not cadence:
        return None
    last = assignment.reports.order_by("-created_at").values_list("created_at", flat=True).first()
    zone = timezone.get_current_timezone()
    missed = None
    if is_open:
        missed = report_clock.missed_deadline(
            cadence,
            assigned_on=assignment.created_at.astimezone(zone).date(),
            last_report_on=last.astimezone(zone).date() if last else None,
            today=today,
        )
    return {
        "label": assignment.task.get_report_cadence_display(),
        "next": report_clock.deadline_on_or_after(cadence, today),
        "missed": missed,
    }


@require_GET
@vary_on_headers("HX-Request")
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.VIEW_ASSIGNMENT, assignment)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#assignment-panel"
    return render(
        request, template, detail_context(request.user, assignment, today=timezone.localdate())
    )


def _respond(request, assignment, *, form_key: str, form, run) -> HttpResponse:
    """Run the service when the form is valid; re-render the panel with the outcome."""
    refused = None
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except WorkflowRefused as exc:
            refused = exc
            form.add_error(None, exc.message)
        else:
            if not request.htmx:
                messages.success(request, SAVED[form_key])
                return redirect(assignment)
            form = None
    fresh = Assignment.objects.select_related("task", "unit").get(pk=assignment.pk)
    bound = {}
    if form is not None:
        if form_key == "transition":
            bound["action_error"] = (refused and refused.message) or error_text(form)
        else:
            # A stale form keeps the user's input but must carry the new version to be resent.
            if isinstance(refused, StaleVersion):
                data = form.data.copy()
                data["version"] = fresh.version
                form.data = data
            bound[f"{form_key}_form"] = form
    context = detail_context(request.user, fresh, today=timezone.localdate(), **bound)
    if form is None:
        context["saved_message"] = SAVED[form_key]
    template = TEMPLATE + ("#assignment-panel" if request.htmx else "")
    return render(request, template, context)


@require_POST
def assignment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    form = TransitionForm(request.POST, request.FILES)
    rule = TRANSITIONS.get(request.POST.get("transition", ""))
    policy.require(request.user, rule.action if rule else Action.UPDATE_STATUS, assignment)

    def run(data):
        services.apply_transition(
            assignment=assignment,
            transition=data["transition"],
            actor=request.user,
            now=timezone.now(),
            expected_version=data["version"],
            reason=data["reason"],
            files=data["files"],
        )

    return _respond(request, assignment, form_key="transition", form=form, run=run)


@require_POST
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.REPORT_PROGRESS, assignment)
    form = ProgressReportForm(request.POST, request.FILES)

    def run(data):
        services.report_progress(
            assignment=assignment,
            reported_by=request.user,
            now=timezone.now(),
            text=data["text"],
            progress=data["progress"],
            files=data["files"],
            confirm_decrease=data["confirm_decrease"],
            expected_version=data["version"],
        )

    return _respond(request, assignment, form_key="report", form=form, run=run)


@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.REQUEST_EXTENSION, assignment)
    form = ExtensionRequestForm(request.POST)

    def run(data):
        services.request_extension(
            assignment=assignment,
            requested_by=request.user,
            now=timezone.now(),
            new_due_on=data["new_due_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _respond(request, assignment, form_key="extension", form=form, run=run)


@require_POST
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.DECIDE_EXTENSION, assignment)
    form = ExtensionDecisionForm(request.POST)

    def run(data):
        extension = assignment.extension_requests.filter(pk=data["extension"]).first()
        if extension is None:
            raise WorkflowRefused(services.EXTENSION_NOT_OF_ASSIGNMENT)
        services.decide_extension(
            extension=extension,
            decided_by=request.user,
            now=timezone.now(),
            approve=data["decision"] == "approve",
            note=data["note"],
            expected_version=data["version"],
        )

    return _respond(request, assignment, form_key="decision", form=form, run=run)


@require_POST
def change_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.CHANGE_DUE_DATE, assignment)
    form = DueDateForm(request.POST)

    def run(data):
        services.change_due_date(
            assignment=assignment,
            changed_by=request.user,
            now=timezone.now(),
            due_on=data["due_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _respond(request, assignment, form_key="due", form=form, run=run)


@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.REASSIGN, assignment)
    form = ReassignForm(request.POST)

    def run(data):
        services.reassign(
            assignment=assignment,
            reassigned_by=request.user,
            now=timezone.now(),
            unit=data["unit"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return _respond(request, assignment, form_key="reassign", form=form, run=run)


@require_POST
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    policy.require(request.user, Action.URGE, assignment)
    form = UrgeForm(request.POST)

    def run(data):
        urging.urge_assignment(
            assignment=assignment,
            urged_by=request.user,
            message=data["message"],
            now=timezone.now(),
        )

    return _respond(request, assignment, form_key="urge", form=form, run=run)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Hand an evidence file only to users who may see its assignment; always as a download."""
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.VIEW_ASSIGNMENT, evidence.report.assignment)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
