"""The review queue of one speech: candidates beside the highlighted text, changed inline.

Row actions (accept, reject, restore, edit) answer htmx with the candidate's row and the
progress line out of band; actions that change the set of candidates (merge, split, add, bulk
accept) answer with the whole workspace. Without htmx every action redirects to the page.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

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
from speeches.services import review
from speeches.views import review_queue as queue
from speeches.views.review_page import PAGE_MESSAGES
from tracker import policy
from tracker.policy import Action

TEMPLATE = "speeches/speech_review.html"
ACCEPTED = "已采纳，生成任务并分派 {count} 个责任单位"
REJECTED = "已驳回"
RESTORED = "已恢复为待审核"
SAVED = "候选已修改"
MERGED = "已合并为一条候选"
SPLIT = "已拆分为两条候选"
ADDED = "已添加候选任务，请核对后采纳"
BULK_DONE = "批量采纳 {accepted} 条"
BULK_SKIPPED = "，{skipped} 条未匹配责任单位，需逐条选择单位"
FORM_INVALID = "输入有误，请检查后重试"


def _speech(pk: int) -> Speech:
    return get_object_or_404(Speech.objects.select_related("area"), pk=pk)


def _candidate(request: HttpRequest, speech_pk: int, pk: int) -> Directive:
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


def _review_url(speech_pk: int, candidate_pk: int | None = None) -> str:
    url = reverse("speeches:speech-review", args=[speech_pk])
    return f"{url}#cand-{candidate_pk}" if candidate_pk else url


@require_GET
@vary_on_headers("HX-Request")
def speech_review(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = _speech(pk)
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


def _row_response(
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
            return redirect(f"{_review_url(candidate.speech_id)}?edit={candidate.pk}")
        return redirect(_review_url(candidate.speech_id, candidate.pk))
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


def _workspace_response(
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
            return redirect(f"{_review_url(speech.pk)}?focus={focus_pk}#cand-{focus_pk}")
        return redirect(_review_url(speech.pk))
    context = {
        **_workspace_context(speech, focus_pk=focus_pk),
        "message": message,
        "error": error,
    }
    return render(request, f"{TEMPLATE}#review-workspace", context)


@require_GET
@vary_on_headers("HX-Request")
def candidate_row(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    if not request.htmx or request.htmx.history_restore_request:
        return redirect(_review_url(speech_pk, pk))
    return _row_response(request, candidate)


@require_POST
def candidate_accept(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    was_accepted = candidate.status == Directive.Status.ACCEPTED
    try:
        task = review.accept_directive(directive=candidate, actor=request.user, now=timezone.now())
    except review.ReviewRefused as refused:
        return _row_response(request, candidate, error=refused.message)
    if was_accepted:
        return _row_response(request, candidate, message=review.ALREADY_ACCEPTED)
    return _row_response(
        request, candidate, message=ACCEPTED.format(count=task.assignments.count())
    )


def _status_change(
    request: HttpRequest,
    speech_pk: int,
    pk: int,
    change: Callable[..., Directive],
    message: str,
) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    try:
        candidate = change(directive=candidate, actor=request.user, now=timezone.now())
    except review.ReviewRefused as refused:
        return _row_response(request, candidate, error=refused.message)
    return _row_response(request, candidate, message=message)


@require_POST
def candidate_reject(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    return _status_change(request, speech_pk, pk, review.reject_directive, REJECTED)


@require_POST
def candidate_restore(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    return _status_change(request, speech_pk, pk, review.restore_directive, RESTORED)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def candidate_edit(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    if request.method == "GET":
        if not request.htmx or request.htmx.history_restore_request:
            return redirect(f"{_review_url(speech_pk)}?edit={pk}#cand-{pk}")
        return _row_response(request, candidate, form=DirectiveEditForm.for_directive(candidate))
    form = DirectiveEditForm(request.POST, prefix_id=candidate.pk)
    if not form.is_valid():
        if not request.htmx:
            messages.error(request, FORM_INVALID)
        return _row_response(request, candidate, form=form)
    data = form.cleaned_data
    now = timezone.now()
    try:
        candidate = review.edit_directive(
            directive=candidate,
            actor=request.user,
            now=now,
            task=data["task"],
            units=data["units"],
            unmatched_units=data["unmatched_units"],
            deadline=data["deadline"],
            deadline_text=data["deadline_text"],
            recurrence=data["recurrence"],
            target=data["target"],
        )
        if "and_accept" not in request.POST:
            return _row_response(request, candidate, message=SAVED)
        task = review.accept_directive(
            directive=candidate, actor=request.user, now=now, lead_unit=data["lead_unit"]
        )
    except review.ReviewRefused as refused:
        if not request.htmx:
            messages.error(request, refused.message)
        form.add_error(None, refused.message)
        return _row_response(request, candidate, form=form)
    return _row_response(
        request, candidate, message=ACCEPTED.format(count=task.assignments.count())
    )


@require_POST
def candidate_split(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return _row_response(request, candidate, error=FORM_INVALID)
    try:
        first, _ = review.split_directive(
            directive=candidate,
            at=candidate.start + form.cleaned_data["at"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return _row_response(request, candidate, error=refused.message)
    return _workspace_response(request, candidate.speech, message=SPLIT, focus_pk=first.pk)


@require_POST
def candidate_merge(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = _candidate(request, speech_pk, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _row_response(request, candidate, error=FORM_INVALID)
    other = get_object_or_404(Directive, pk=form.cleaned_data["other"], speech_id=speech_pk)
    try:
        kept = review.merge_directives(
            directive=candidate, other=other, actor=request.user, now=timezone.now()
        )
    except review.ReviewRefused as refused:
        return _row_response(request, candidate, error=refused.message)
    return _workspace_response(request, candidate.speech, message=MERGED, focus_pk=kept.pk)


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = _speech(pk)
    form = SpanForm(request.POST)
    if not form.is_valid():
        return _workspace_response(request, speech, error=review.SPAN_EMPTY)
    try:
        added = review.add_directive(
            speech=speech,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return _workspace_response(request, speech, error=refused.message)
    return _workspace_response(request, speech, message=ADDED, focus_pk=added.pk)


@require_POST
def bulk_accept(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = _speech(pk)
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        return _workspace_response(request, speech, error=review.THRESHOLD_INVALID)
    outcome = review.bulk_accept(
        speech=speech,
        actor=request.user,
        now=timezone.now(),
        min_confidence=form.cleaned_data["min_confidence"],
    )
    message = BULK_DONE.format(accepted=len(outcome.accepted))
    if outcome.skipped:
        message += BULK_SKIPPED.format(skipped=len(outcome.skipped))
    return _workspace_response(request, speech, message=message)
