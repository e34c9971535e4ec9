"""The review page's actions that create work: accept, edit-and-accept, bulk accept.

They live in tracker because accepting creates tasks and assignments (tracker.services.intake);
their URLs keep their names in the ``speeches`` namespace (config/urls.py composes them), so the
review page's templates and row URL templates are unchanged. Rendering reuses the review page's
row and workspace responses.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from speeches.forms_review import BulkAcceptForm, DirectiveEditForm
from speeches.models import Directive
from speeches.services import review
from speeches.services.review import ReviewRefused
from speeches.views import review as review_views
from tracker.services import intake

ACCEPTED = "已采纳，生成任务并分派 {count} 个责任单位"
SAVED = "候选已修改"
BULK_DONE = "批量采纳 {accepted} 条"
BULK_SKIPPED = "，{skipped} 条未匹配责任单位，需逐条选择单位"


@require_POST
def candidate_accept(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = review_views.candidate_or_404(request, speech_pk, pk)
    was_accepted = candidate.status == Directive.Status.ACCEPTED
    try:
        task = intake.accept_directive(directive=candidate, actor=request.user, now=timezone.now())
    except ReviewRefused as refused:
        return review_views.row_response(request, candidate, error=refused.message)
    if was_accepted:
        return review_views.row_response(request, candidate, message=intake.ALREADY_ACCEPTED)
    return review_views.row_response(request, candidate, message=_accepted_message(task))


def _accepted_message(task) -> str:
    """The count of units, and a warning when some of them have nobody to receive the work."""
    message = ACCEPTED.format(count=task.assignments.count())
    orphans = intake.units_without_account(task)
    if orphans:
        names = "、".join(unit.display_name for unit in orphans)
        message += "。" + intake.UNITS_WITHOUT_ACCOUNT.format(names=names)
    return message


def _edit_refused(request: HttpRequest, candidate: Directive, form, message: str) -> HttpResponse:
    if not request.htmx:
        messages.error(request, message)
    form.add_error(None, message)
    return review_views.row_response(request, candidate, form=form)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def candidate_edit(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = review_views.candidate_or_404(request, speech_pk, pk)
    if request.method == "GET":
        if not request.htmx or request.htmx.history_restore_request:
            return redirect(f"{review_views.review_url(speech_pk)}?edit={pk}#cand-{pk}")
        return review_views.row_response(
            request, candidate, form=DirectiveEditForm.for_directive(candidate)
        )
    form = DirectiveEditForm(request.POST, prefix_id=candidate.pk)
    if not form.is_valid():
        if not request.htmx:
            messages.error(request, review_views.FORM_INVALID)
        return review_views.row_response(request, candidate, form=form)
    data = form.cleaned_data
    changes = {name: data[name] for name in review.EDITABLE_FIELDS}
    try:
        if "and_accept" not in request.POST:
            candidate = review.edit_directive(
                directive=candidate, actor=request.user, now=timezone.now(), **changes
            )
            return review_views.row_response(request, candidate, message=SAVED)
        outcome = intake.edit_and_accept(
            directive=candidate,
            actor=request.user,
            now=timezone.now(),
            lead_unit=data["lead_unit"],
            **changes,
        )
    except ReviewRefused as refused:
        return _edit_refused(request, candidate, form, refused.message)
    if outcome.refused:
        return _edit_refused(request, outcome.directive, form, outcome.refused)
    return review_views.row_response(
        request, outcome.directive, message=_accepted_message(outcome.task)
    )


@require_POST
def bulk_accept(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = review_views.speech_or_404(pk)
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        return review_views.workspace_response(request, speech, error=intake.THRESHOLD_INVALID)
    outcome = intake.bulk_accept(
        speech=speech,
        actor=request.user,
        now=timezone.now(),
        min_confidence=form.cleaned_data["min_confidence"],
    )
    message = BULK_DONE.format(accepted=len(outcome.accepted))
    if outcome.skipped:
        message += BULK_SKIPPED.format(skipped=len(outcome.skipped))
    return review_views.workspace_response(request, speech, message=message)
