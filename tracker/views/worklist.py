"""The 督查室 worklist (待办): the supervisor's home page, and its one-click actions.

Every action calls one service and answers htmx with the ``worklist`` partial (counts and
lists fresh) plus a ``notifications-changed`` event so the bell's counts follow.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker import selectors, selectors_worklist
from tracker.models import ExtensionRequest
from tracker.services import assignments as workflow
from tracker.services import urging

TEMPLATE = "tracker/worklist.html"
CHANGED_EVENT = "notifications-changed"
CLOSED = "已销号"
RETURNED = "已退回，单位将收到退回理由"
DECIDED = "延期申请已审批"
URGED = "已催办，单位将在站内和邮件收到催办"
URGED_UNIT = "已催办{unit}的{count}项逾期任务"
URGED_UNIT_SKIPPED = "（{count}项今天已催办，未重复发送）"
BAD_VERSION = "页面已过期，请刷新后重试"
ACTIONS = {"close": CLOSED, "return": RETURNED}


def _context(*, today, message: str = "", error: str = "") -> dict:
    work = selectors_worklist.worklist(today=today)
    return {
        "work": work,
        "sections": list(work.sections.values()),
        "today": today,
        "message": message,
        "error": error,
        "default_urge": urging.DEFAULT_MESSAGE,
    }


@require_GET
@vary_on_headers("HX-Request")
def worklist(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_WORKLIST)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#worklist"
    return render(request, template, _context(today=timezone.localdate()))


def _respond(request: HttpRequest, *, message: str = "", error: str = "") -> HttpResponse:
    if not request.htmx:
        return redirect("tracker:worklist")
    context = _context(today=timezone.localdate(), message=message, error=error)
    response = render(request, TEMPLATE + "#worklist", context)
    return trigger_client_event(response, CHANGED_EVENT) if not error else response


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "").strip()
    return int(raw) if raw.isdigit() else None


@require_POST
def worklist_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """销号 or 退回 (with its reason) a completion waiting for review."""
    assignment = get_object_or_404(selectors.assignments_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.VIEW_WORKLIST)
    transition = request.POST.get("transition", "")
    version = _version(request)
    if transition not in ACTIONS or version is None:
        return _respond(request, error=BAD_VERSION)
    try:
        workflow.apply_transition(
            assignment=assignment,
            transition=transition,
            actor=request.user,
            now=timezone.now(),
            expected_version=version,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        return _respond(request, error=exc.messages[0])
    return _respond(request, message=ACTIONS[transition])


@require_POST
def worklist_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or refuse an extension request."""
    policy.require(request.user, Action.VIEW_WORKLIST)
    extension = get_object_or_404(ExtensionRequest.objects.select_related("assignment"), pk=pk)
    version = _version(request)
    if version is None:
        return _respond(request, error=BAD_VERSION)
    try:
        workflow.decide_extension(
            extension=extension,
            decided_by=request.user,
            now=timezone.now(),
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
            expected_version=version,
        )
    except ValidationError as exc:
        return _respond(request, error=exc.messages[0])
    return _respond(request, message=DECIDED)


@require_POST
def worklist_urge(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 one assignment with a message."""
    assignment = get_object_or_404(selectors.assignments_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.VIEW_WORKLIST)
    try:
        urging.urge_assignment(
            assignment=assignment,
            urged_by=request.user,
            message=request.POST.get("message", ""),
            now=timezone.now(),
        )
    except ValidationError as exc:
        return _respond(request, error=exc.messages[0])
    return _respond(request, message=URGED)


@require_POST
def unit_urge(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 every overdue assignment of one unit with one message."""
    policy.require(request.user, Action.VIEW_WORKLIST)
    unit = get_object_or_404(Unit, pk=pk)
    try:
        outcome = urging.urge_unit_overdue(
            unit=unit,
            urged_by=request.user,
            message=request.POST.get("message", ""),
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except ValidationError as exc:
        return _respond(request, error=exc.messages[0])
    message = URGED_UNIT.format(unit=unit.display_name, count=len(outcome.urged))
    if outcome.skipped:
        message += URGED_UNIT_SKIPPED.format(count=len(outcome.skipped))
    return _respond(request, message=message)
