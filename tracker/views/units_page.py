"""A unit's task page: its assignments grouped by state and due date, updated inline.

Rows carry no forms: opening a row (办理) loads its panel, the forms this user may use on it
now. An inline update answers with the changed row and the unit's figures out of band; a row
that changes group moves there out of band as well, so the list is never rendered again.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker import selectors, selectors_dashboard, status
from tracker.forms import ProgressReportForm, TransitionForm, error_text
from tracker.links import UrlPattern, reverse_once
from tracker.models import Assignment
from tracker.selectors_dashboard import UnitPageRow
from tracker.services import assignments as workflow
from tracker.services.assignments import TRANSITIONS, WorkflowRefused

SAVED = "已保存"
REPORTED = "进展已提交"
NOTHING_TO_DO = "您对此任务暂无可办理的事项"

TEMPLATE = "tracker/unit_page.html"


@dataclass
class RowPanel:
    """What an opened row offers this user now; another action is another field and a
    section of the ``row-panel`` partial (its URL built in ``_row_panel``)."""

    assignment: UnitPageRow
    transitions: list[tuple[str, workflow.Rule]]  # a button each, or a form when a text is needed
    may_report: bool
    transition_url: str
    report_url: str
    report_text: str = ""  # a refused report's input, offered again
    report_progress: int | None = None
    reason: str = ""  # a refused 退回 or 办结's text, offered again in its open form
    reason_for: str = ""
    empty_message: str = NOTHING_TO_DO

    @property
    def is_empty(self) -> bool:
        return not (self.transitions or self.may_report)


def _offers(
    user: User, assignment: Assignment | UnitPageRow
) -> tuple[list[tuple[str, workflow.Rule]], bool]:
    """The state changes this user may make now and whether a report may be filed."""
    transitions = [(str(t), rule) for t, rule in workflow.allowed_transitions(user, assignment)]
    may_report = assignment.status in Assignment.OPEN_STATUSES and policy.can(
        user, Action.REPORT_PROGRESS, assignment
    )
    return transitions, may_report


def _row_panel(user: User, row: UnitPageRow, **bound) -> RowPanel:
    transitions, may_report = _offers(user, row)
    return RowPanel(
        assignment=row,
        transitions=transitions,
        may_report=may_report,
        transition_url=UrlPattern("tracker:unit-assignment-transition", row.unit_id)(row.pk),
        report_url=UrlPattern("tracker:unit-assignment-report", row.unit_id)(row.pk),
        **bound,
    )


def _prepare_rows(user: User, unit_id: int, rows: list[UnitPageRow], today: date) -> None:
    """Set what each row shows beyond its values: links, lateness, whether it opens."""
    detail_url = UrlPattern("tracker:assignment-detail")
    panel_url = UrlPattern("tracker:unit-assignment-panel", unit_id)
    # The policy judges a row by its unit and the state machine by its status: within one
    # unit's page, what a row offers depends on its status alone, so ask once per status.
    opens: dict[str, bool] = {}
    for row in rows:
        if row.status not in opens:
            transitions, may_report = _offers(user, row)
            opens[row.status] = bool(transitions or may_report)
        row.detail_url = detail_url(row.pk)
        row.panel_url = panel_url(row.pk) if opens[row.status] else ""
        row.is_late = selectors_dashboard.group_of(row, today) == status.GROUP_OVERDUE


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    unit = selectors.visible_unit(request.user, pk)
    if unit is None:
        raise Http404
    policy.require(request.user, Action.VIEW_ASSIGNMENT, unit)
    return unit


def unit_page_context(
    request: HttpRequest, unit: Unit, *, today: date, panel: RowPanel | None = None
) -> dict:
    """Everything the unit page and its #unit-work partial render, as of ``today``."""
    rows = selectors_dashboard.unit_assignments(unit=unit)
    _prepare_rows(request.user, unit.pk, rows, today)
    return {
        "unit": unit,
        "today": today,
        "summary": selectors_dashboard.summary_of(rows, unit=unit, today=today),
        "groups": selectors_dashboard.grouped(rows, today),
        "panel": panel,  # the one row opened without htmx (the panel link's fallback)
        "row_message": None,
        "figures_oob": False,
        "refresh_url": reverse_once("tracker:unit-page", unit.pk),
        "may_view_dashboard": policy.can(request.user, Action.VIEW_DASHBOARD),
    }


@require_GET
@vary_on_headers("HX-Request")
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    if request.user.unit_id == unit.pk:
        request.user.unit = unit  # the page header names the user's unit: this one, read
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#unit-work"
    return render(request, template, unit_page_context(request, unit, today=timezone.localdate()))


def _visible_row(request: HttpRequest, pk: int, assignment_pk: int) -> UnitPageRow:
    """The unit's assignment as the page shows it, read as values (else 404)."""
    row = selectors_dashboard.visible_page_row(request.user, unit_id=pk, pk=assignment_pk)
    if row is None:
        raise Http404
    policy.require(request.user, Action.VIEW_ASSIGNMENT, row)
    return row


@require_GET
@vary_on_headers("HX-Request")
def assignment_panel(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """An opened row: its forms for htmx, else the whole unit page with that row open."""
    row = _visible_row(request, pk, assignment_pk)
    panel = _row_panel(request.user, row)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{TEMPLATE}#row-panel", {"panel": panel})
    unit = _visible_unit(request, pk)
    context = unit_page_context(request, unit, today=timezone.localdate(), panel=panel)
    return render(request, TEMPLATE, context)


def _move(row: UnitPageRow, old: str, members: dict[str, list[int]], today: date) -> dict | None:
    """Where a row that changed group goes: the out-of-band swaps of the update response."""
    new = selectors_dashboard.group_of(row, today)
    if new == old:
        return None
    ids = members[new]
    if len(ids) == 1:  # its group was empty, so has no section yet: add one in group order
        keys = list(status.GROUP_LABELS)
        following = next((k for k in keys[keys.index(new) + 1 :] if members[k]), None)
        anchor = f"beforebegin:#unit-group-{following}" if following else "beforeend:#unit-groups"
    else:
        after = ids[ids.index(row.pk) + 1 :]
        anchor = (
            f"beforebegin:#assignment-{after[0]}" if after else f"beforeend:#unit-group-{new}-list"
        )
    return {
        "anchor": anchor,
        "new_section": len(ids) == 1,
        "group": (new, status.GROUP_LABELS[new], [row]),
        "counts": [(key, len(members[key])) for key in (old, new) if members[key]],
        "emptied": old if not members[old] else "",
    }


def _respond(
    request: HttpRequest,
    before: UnitPageRow,
    message: dict,
    *,
    after: Assignment | None = None,
    **bound,
) -> HttpResponse:
    """The changed row (its panel open again if refused); when it changed group, the move
    and the unit's figures out of band (nothing else this update can change shows).

    ``before`` is the row as read at the start of the request, ``after`` what the service
    saved (None when it refused: then nothing changed and ``before`` is current)."""
    if not request.htmx:
        return redirect(reverse("tracker:unit-page", args=[before.unit_id]))
    user, today = request.user, timezone.localdate()
    row = before
    if after is not None:
        changed = {f: getattr(after, f) for f in ("status", "progress", "completed_at", "version")}
        row = dataclasses.replace(before, **changed)
    _prepare_rows(user, before.unit_id, [row], today)
    context = {
        "today": today,
        "a": row,
        "row_message": message,
        "panel": _row_panel(user, before, **bound) if after is None else None,
        "move": None,
        "figures_oob": False,
    }
    old = selectors_dashboard.group_of(before, today)
    if after is not None and selectors_dashboard.group_of(row, today) != old:
        # The services read the unit with the locked row; the user may see it (_visible_row).
        summary, members = selectors_dashboard.unit_state(unit=after.unit, today=today)
        context |= {"move": _move(row, old, members, today), "summary": summary}
        context["figures_oob"] = True
    return render(request, f"{TEMPLATE}#assignment-update", context)


def _by_id(row: UnitPageRow) -> Assignment:
    """The assignment a service is to change: it locks and reads the row itself, by its id."""
    return Assignment(pk=row.pk, unit_id=row.unit_id)


@require_POST
def assignment_transition(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Inline state change (开始推进 / 标记完成 …): the assignment page's form and service."""
    row = _visible_row(request, pk, assignment_pk)
    form = TransitionForm(request.POST, request.FILES)
    reason, transition = form.data.get("reason", ""), form.data.get("transition", "")
    rule = TRANSITIONS.get(transition)
    policy.require(request.user, rule.action if rule else Action.UPDATE_STATUS, row)
    bound = {"reason": reason[:5000], "reason_for": transition} if reason else {}
    if not form.is_valid():
        return _respond(request, row, {"error": error_text(form)}, **bound)
    data = form.cleaned_data
    try:
        changed = workflow.apply_transition(
            assignment=_by_id(row),
            transition=data["transition"],
            actor=request.user,
            now=timezone.now(),
            expected_version=data["version"],
            reason=data["reason"],
            files=data["files"],
        )
    except WorkflowRefused as exc:
        return _respond(request, row, {"error": exc.message}, **bound)
    return _respond(request, row, {"ok": SAVED}, after=changed)


@require_POST
def assignment_report(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Inline progress report (text, percent, evidence): the assignment page's form and service."""
    row = _visible_row(request, pk, assignment_pk)
    policy.require(request.user, Action.REPORT_PROGRESS, row)
    form = ProgressReportForm(request.POST, request.FILES)
    valid = form.is_valid()
    bound = {
        "report_text": form.data.get("text", "")[:5000],
        "report_progress": form.cleaned_data.get("progress"),
    }
    if not valid:
        return _respond(request, row, {"error": error_text(form)}, **bound)
    data = form.cleaned_data
    try:
        report = workflow.report_progress(
            assignment=_by_id(row),
            reported_by=request.user,
            now=timezone.now(),
            text=data["text"],
            progress=data["progress"],
            files=data["files"],
            confirm_decrease=data["confirm_decrease"],
            expected_version=data["version"],
        )
    except WorkflowRefused as exc:
        return _respond(request, row, {"error": exc.message}, **bound)
    return _respond(request, row, {"ok": REPORTED}, after=report.assignment)
