"""A unit's task page: its assignments grouped by state and due date, updated inline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker import selectors, selectors_dashboard
from tracker.models import Assignment
from tracker.services import assignments as workflow

SAVED = "已保存"
REPORTED = "进展已提交"
BAD_PROGRESS = "进度应为 0 到 100 之间的整数"
BAD_VERSION = "页面已过期，请刷新后重试"


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.VIEW_ASSIGNMENT, unit)
    return unit


def _row_actions(user, assignments: list[Assignment]) -> dict[int, list[tuple[str, object]]]:
    """Per row, the transitions this user may apply; those that need a written reason or a
    final report open a small form in the row."""
    return {
        a.pk: [(str(t), rule) for t, rule in workflow.allowed_transitions(user, a)]
        for a in assignments
    }


def unit_page_context(
    request: HttpRequest, unit: Unit, *, today: date, messages: dict | None = None
) -> dict:
    """Everything the unit page and its #unit-work partial render, as of ``today``."""
    assignments = list(selectors_dashboard.unit_assignments(unit=unit))
    user = request.user
    return {
        "unit": unit,
        "today": today,
        "summary": selectors_dashboard.unit_summary(unit=unit, today=today),
        "groups": selectors_dashboard.grouped(assignments, today),
        "row_actions": _row_actions(user, assignments),
        "may_report": policy.can(user, Action.REPORT_PROGRESS, unit),
        "row_messages": messages or {},
        "may_view_dashboard": policy.can(user, Action.VIEW_DASHBOARD),
    }


@require_GET
@vary_on_headers("HX-Request")
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    template = "tracker/unit_page.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#unit-work"
    return render(request, template, unit_page_context(request, unit, today=timezone.localdate()))


def _version(post) -> int | None:
    raw = post.get("version", "").strip()
    return int(raw) if raw.isdigit() else None


def _assignment_of(request: HttpRequest, unit: Unit, assignment_pk: int) -> Assignment:
    return get_object_or_404(
        selectors.assignments_visible_to(request.user).filter(unit=unit), pk=assignment_pk
    )


def _respond(request: HttpRequest, unit: Unit, assignment_pk: int, message: dict) -> HttpResponse:
    if not request.htmx:
        return redirect(reverse("tracker:unit-page", args=[unit.pk]))
    context = unit_page_context(
        request, unit, today=timezone.localdate(), messages={assignment_pk: message}
    )
    return render(request, "tracker/unit_page.html#unit-work", context)


@require_POST
def assignment_transition(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Inline state change (开始推进 / 标记完成 …) through the workflow service."""
    unit = _visible_unit(request, pk)
    assignment = _assignment_of(request, unit, assignment_pk)
    version = _version(request.POST)
    if version is None:
        return _respond(request, unit, assignment.pk, {"error": BAD_VERSION})
    try:
        workflow.apply_transition(
            assignment=assignment,
            transition=request.POST.get("transition", ""),
            actor=request.user,
            now=timezone.now(),
            expected_version=version,
            reason=request.POST.get("reason", ""),
            files=request.FILES.getlist("evidence"),
        )
    except ValidationError as exc:
        return _respond(request, unit, assignment.pk, {"error": exc.messages[0]})
    return _respond(request, unit, assignment.pk, {"ok": SAVED})


@require_POST
def assignment_report(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Inline progress report (text, percent, evidence) through the workflow service."""
    unit = _visible_unit(request, pk)
    assignment = _assignment_of(request, unit, assignment_pk)
    version = _version(request.POST)
    raw_progress = request.POST.get("progress", "").strip()
    if version is None:
        return _respond(request, unit, assignment.pk, {"error": BAD_VERSION})
    if not raw_progress.isdigit() or int(raw_progress) > 100:
        return _respond(request, unit, assignment.pk, {"error": BAD_PROGRESS})
    try:
        workflow.report_progress(
            assignment=assignment,
            reported_by=request.user,
            now=timezone.now(),
            text=request.POST.get("text", ""),
            progress=int(raw_progress),
            expected_version=version,
            files=request.FILES.getlist("evidence"),
            confirm_decrease=request.POST.get("confirm_decrease") == "1",
        )
    except ValidationError as exc:
        return _respond(request, unit, assignment.pk, {"error": exc.messages[0]})
    return _respond(request, unit, assignment.pk, {"ok": REPORTED})
