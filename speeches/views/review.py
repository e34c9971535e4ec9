"""The review queue of one speech: candidates beside the highlighted text, changed inline.

Row actions (accept, reject, restore, edit) answer htmx with the candidate's row and the
progress line out of band; actions that change the set of candidates (merge, split, add, bulk
accept) answer with the whole workspace. Without htmx every action redirects to the page.
Accept, edit (and accept) and bulk accept create work: they are tracker's (tracker/views/intake.py)
and use the row and workspace responses defined here.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from speeches.forms import SpeechFactsForm
from speeches.forms_review import (
    DEFAULT_BULK_THRESHOLD,
    BulkAcceptForm,
    DirectiveEditForm,
    MergeForm,
    SpanForm,
    SplitForm,
)
from speeches.models import Directive, Speech
from speeches.services import review, unmatched_units
from speeches.views import review_queue as queue
from speeches.views.review_page import PAGE_MESSAGES

TEMPLATE = "speeches/speech_review.html"
REJECTED = "已驳回"
RESTORED = "已恢复为待审核"
MERGED = "已合并为一条候选"
SPLIT = "已拆分为两条候选"
ADDED = "已添加候选任务，请核对后采纳"
FORM_INVALID = "输入有误，请检查后重试"


def speech_or_404(pk: int) -> Speech:
    return get_object_or_404(Speech.objects.select_related("area"), pk=pk)


def candidate_or_404(request: HttpRequest, speech_pk: int, pk: int) -> Directive:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    return get_object_or_404(
        Directive.objects.select_related("speech", "speech__area"), pk=pk, speech_id=speech_pk
    )


def _workspace_context(
    speech: Speech,
    *,
    status: str = queue.DEFAULT_FILTER,
    offset: int = 0,
    after: tuple[int, int] | None = None,
    before: tuple[int, int] | None = None,
    focus_pk: int | None = None,
    edit_pk: int | None = None,
) -> dict:
    spans = queue.spans_of(speech)
    progress = queue.progress_of(speech)
    page = queue.candidate_page(
        speech,
        spans,
        status=status,
        offset=offset,
        after=after,
        before=before,
        focus_pk=focus_pk or edit_pk,
    )
    for row in page.rows:
        if row["candidate"].pk == edit_pk:
            row["form"] = DirectiveEditForm.for_directive(row["candidate"])
    return {
        "speech": speech,
        "page": page,
        "rows": page.rows,
        "filters": queue.filter_links(speech.pk, status),
        "highlighted": queue.highlighted_text(speech.text, spans),
        "progress": progress,
        "bulk_form": BulkAcceptForm(initial={"min_confidence": DEFAULT_BULK_THRESHOLD}),
        "facts_form": SpeechFactsForm(instance=speech),
        **PAGE_MESSAGES,
    }


def review_url(speech_pk: int, candidate_pk: int | None = None) -> str:
    url = reverse("speeches:speech-review", args=[speech_pk])
    return f"{url}#cand-{candidate_pk}" if candidate_pk else url


@require_GET
@vary_on_headers("HX-Request")
def speech_review(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = speech_or_404(pk)
    context = _workspace_context(
        speech,
        status=queue.clean_filter(request.GET.get("status")),
        offset=_number(request.GET.get("offset")) or 0,
        after=queue.parse_key(request.GET.get("after")),
        before=queue.parse_key(request.GET.get("before")),
        focus_pk=_number(request.GET.get("focus")),
        edit_pk=_number(request.GET.get("edit")),
    )
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#review-workspace"
    return render(request, template, context)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _flash(request: HttpRequest, *, message: str, error: str) -> None:
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)


def row_response(
    request: HttpRequest,
    candidate: Directive,
    *,
    message: str = "",
    error: str = "",
    form: DirectiveEditForm | None = None,
) -> HttpResponse:
    """The candidate's row (and the progress line out of band) for htmx; else a redirect."""
    if not request.htmx:
        _flash(request, message=message, error=error)
        if form is not None:
            return redirect(f"{review_url(candidate.speech_id)}?edit={candidate.pk}")
        return redirect(review_url(candidate.speech_id, candidate.pk))
    (current,) = queue.with_row_data(Directive.objects.filter(pk=candidate.pk))
    following = None
    if current.status != Directive.Status.MERGED:  # a merged row is not in the queue
        following = (
            Directive.objects.filter(speech_id=current.speech_id, status=Directive.Status.PENDING)
            .filter(
                Q(start__gt=current.start) | Q(start=current.start, ordinal__gt=current.ordinal)
            )
            .order_by("start", "ordinal")
            .only("pk", "ordinal")
            .first()
        )
    context = {
        **queue.row_context(current, next_pending=following),
        "speech": candidate.speech,
        "row_message": message,
        "row_error": error,
        "form": form,
    }
    html = render_to_string(f"{TEMPLATE}#candidate-row", context, request=request)
    html += render_to_string(
        f"{TEMPLATE}#review-progress",
        {"progress": queue.progress_of(candidate.speech), "oob": True},
        request=request,
    )
    return HttpResponse(html)


def workspace_response(
    request: HttpRequest,
    speech: Speech,
    *,
    message: str = "",
    error: str = "",
    focus_pk: int | None = None,
) -> HttpResponse:
    """The workspace (text, progress, the page of rows holding ``focus_pk``), or a redirect."""
    if not request.htmx:
        _flash(request, message=message, error=error)
        if focus_pk:
            return redirect(f"{review_url(speech.pk)}?focus={focus_pk}#cand-{focus_pk}")
        return redirect(review_url(speech.pk))
    context = {
        **_workspace_context(speech, focus_pk=focus_pk),
        "message": message,
        "error": error,
    }
    return render(request, f"{TEMPLATE}#review-workspace", context)


@require_GET
@vary_on_headers("HX-Request")
def candidate_row(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = candidate_or_404(request, speech_pk, pk)
    if not request.htmx or request.htmx.history_restore_request:
        return redirect(review_url(speech_pk, pk))
    return row_response(request, candidate)


def _status_change(
    request: HttpRequest,
    speech_pk: int,
    pk: int,
    change: Callable[..., Directive],
    message: str,
) -> HttpResponse:
    candidate = candidate_or_404(request, speech_pk, pk)
    try:
        candidate = change(directive=candidate, actor=request.user, now=timezone.now())
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return row_response(request, candidate, message=message)


@require_POST
def candidate_reject(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    return _status_change(request, speech_pk, pk, review.reject_directive, REJECTED)


@require_POST
def candidate_restore(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    return _status_change(request, speech_pk, pk, review.restore_directive, RESTORED)


@require_POST
def candidate_split(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = candidate_or_404(request, speech_pk, pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return row_response(request, candidate, error=FORM_INVALID)
    try:
        first, _ = review.split_directive(
            directive=candidate,
            at=candidate.start + form.cleaned_data["at"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return workspace_response(request, candidate.speech, message=SPLIT, focus_pk=first.pk)


@require_POST
def candidate_merge(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = candidate_or_404(request, speech_pk, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return row_response(request, candidate, error=FORM_INVALID)
    other = get_object_or_404(Directive, pk=form.cleaned_data["other"], speech_id=speech_pk)
    try:
        kept = review.merge_directives(
            directive=candidate, other=other, actor=request.user, now=timezone.now()
        )
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return workspace_response(request, candidate.speech, message=MERGED, focus_pk=kept.pk)


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = speech_or_404(pk)
    form = SpanForm(request.POST)
    if not form.is_valid():
        return workspace_response(request, speech, error=review.SPAN_EMPTY)
    try:
        added = review.add_directive(
            speech=speech,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return workspace_response(request, speech, error=refused.message)
    return workspace_response(request, speech, message=ADDED, focus_pk=added.pk)


@require_POST
def candidate_units(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    """Settle one unit the directory does not know: map it, create it, or drop it knowingly."""
    candidate = candidate_or_404(request, speech_pk, pk)
    try:
        candidate, outcome = unmatched_units.resolve_unmatched_unit(
            directive=candidate,
            name=request.POST.get("name", ""),
            action=request.POST.get("action", ""),
            unit_name=request.POST.get("unit_name", ""),
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return row_response(request, candidate, message=outcome)
