"""The review queue of one speech: candidates beside the highlighted text, changed inline.

Row actions (accept, reject, restore, edit) answer htmx with the candidate's row and the
progress line out of band; actions that change the set of candidates (merge, split, add, bulk
accept) answer with the whole workspace. Without htmx every action redirects to the page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from django.contrib import messages
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
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

TEMPLATE = "speeches/speech_review.html"
REJECTED = "已驳回"
RESTORED = "已恢复为待审核"
MERGED = "已合并为一条候选"
SPLIT = "已拆分为两条候选"
ADDED = "已添加候选任务，请核对后采纳"
FORM_INVALID = "输入有误，请检查后重试"
CHIPS_SHOWN = 8  # "各乡镇" may stand for twenty townships; the rest collapse into a count
# Where a suggested split point may fall: after a clause or sentence end.
_SPLIT_AT = re.compile(r"[；。！？;]")
STATUS_PRIORITY = {
    Directive.Status.PENDING: 0,
    Directive.Status.ACCEPTED: 1,
    Directive.Status.REJECTED: 2,
}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    ids: str = ""  # space-separated candidate ids covering this stretch of text
    status: str = ""
    anchor: int | None = None  # the candidate whose first segment this is


def highlight_segments(text: str, candidates: list[Directive]) -> list[Segment]:
    """Cut ``text`` at every candidate boundary; overlapping candidates share segments."""
    spans = [c for c in candidates if c.status != Directive.Status.MERGED and c.end > c.start]
    points = sorted(
        {0, len(text), *(min(c.start, len(text)) for c in spans)}
        | {min(c.end, len(text)) for c in spans}
    )
    by_start: dict[int, list[Directive]] = {}
    for candidate in spans:
        by_start.setdefault(candidate.start, []).append(candidate)
    segments: list[Segment] = []
    active: list[Directive] = []
    for a, b in pairwise(points):
        active = [c for c in active if c.end > a] + by_start.get(a, [])
        if not active:
            segments.append(Segment(text[a:b]))
            continue
        top = min(active, key=lambda c: (STATUS_PRIORITY.get(c.status, 3), c.start))
        starting = by_start.get(a)
        segments.append(
            Segment(
                text[a:b],
                ids=" ".join(str(c.pk) for c in active),
                status=top.status,
                anchor=starting[0].pk if starting else None,
            )
        )
    return segments


def suggested_split(candidate: Directive) -> int:
    """A default split point inside the quote: after its first inner clause end, else midway."""
    match = _SPLIT_AT.search(candidate.quote, 1, max(len(candidate.quote) - 1, 1))
    return match.end() if match else max(len(candidate.quote) // 2, 1)


def speech_or_404(pk: int) -> Speech:
    return get_object_or_404(Speech.objects.select_related("area"), pk=pk)


def candidate_or_404(request: HttpRequest, speech_pk: int, pk: int) -> Directive:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    return get_object_or_404(
        Directive.objects.select_related("speech", "speech__area"), pk=pk, speech_id=speech_pk
    )


def _candidates(speech: Speech) -> list[Directive]:
    """Every candidate of the speech in text order, with ``unit_names`` (matched units' short
    names) and ``task_pk`` attached: two queries, however many candidates and units."""
    candidates = list(
        speech.directives.annotate(task_pk=F("accepted_task")).order_by("start", "ordinal")
    )
    # Plain names instead of prefetched Unit rows: 150 candidates x 20 townships would build
    # 3,000 model instances for a page that only shows their names.
    names: dict[int, list[str]] = {}
    links = (
        Directive.units.through.objects.filter(directive__speech=speech)
        .order_by("unit__sort_order", "unit__name")
        .values_list("directive_id", "unit__short_name", "unit__name")
    )
    for directive_id, short_name, name in links:
        names.setdefault(directive_id, []).append(short_name or name)
    for candidate in candidates:
        candidate.unit_names = names.get(candidate.pk, [])
        candidate.unit_preview = candidate.unit_names[:CHIPS_SHOWN]
        candidate.unit_more = len(candidate.unit_names) - len(candidate.unit_preview)
    return candidates


def _progress(candidates: list[Directive]) -> dict[str, int]:
    counts = dict.fromkeys(Directive.Status.values, 0)
    for candidate in candidates:
        counts[candidate.status] += 1
    return counts


ROW_ACTIONS = ("row", "accept", "reject", "restore", "edit", "split", "merge")
_PK_PLACEHOLDER = 987654321


def row_urls(speech_pk: int) -> dict[str, str]:
    """URL templates of the row actions, reversed once per speech rather than per row (150
    rows x 7 reverses dominated the page's render time)."""
    return {
        action: reverse(f"speeches:candidate-{action}", args=[speech_pk, _PK_PLACEHOLDER])
        for action in ROW_ACTIONS
    }


def _row_context(
    candidate: Directive,
    *,
    next_pending: Directive | None = None,
    url_templates: dict[str, str] | None = None,
) -> dict:
    templates = url_templates or row_urls(candidate.speech_id)
    pk = str(candidate.pk)
    return {
        "candidate": candidate,
        "next_pending": next_pending,
        "split_at": suggested_split(candidate),
        "urls": {k: v.replace(str(_PK_PLACEHOLDER), pk) for k, v in templates.items()},
    }


def _annotate_rows(candidates: list[Directive]) -> list[dict]:
    rows, following = [], None
    url_templates = row_urls(candidates[0].speech_id) if candidates else {}
    for candidate in reversed(candidates):
        if candidate.status == Directive.Status.MERGED:
            continue
        rows.append(_row_context(candidate, next_pending=following, url_templates=url_templates))
        if candidate.status == Directive.Status.PENDING:
            following = candidate
    rows.reverse()
    return rows


def _workspace_context(speech: Speech, *, edit_pk: int | None = None) -> dict:
    candidates = _candidates(speech)
    rows = _annotate_rows(candidates)
    for row in rows:
        if row["candidate"].pk == edit_pk:
            row["form"] = DirectiveEditForm.for_directive(row["candidate"])
    return {
        "speech": speech,
        "rows": rows,
        "segments": highlight_segments(speech.text, candidates),
        "progress": _progress(candidates),
        "bulk_form": BulkAcceptForm(initial={"min_confidence": DEFAULT_BULK_THRESHOLD}),
    }


def review_url(speech_pk: int, candidate_pk: int | None = None) -> str:
    url = reverse("speeches:speech-review", args=[speech_pk])
    return f"{url}#cand-{candidate_pk}" if candidate_pk else url


@require_GET
@vary_on_headers("HX-Request")
def speech_review(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = speech_or_404(pk)
    edit = request.GET.get("edit", "")
    context = _workspace_context(speech, edit_pk=int(edit) if edit.isdigit() else None)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#review-workspace"
    return render(request, template, context)


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
    candidates = _candidates(candidate.speech)
    index = next(i for i, c in enumerate(candidates) if c.pk == candidate.pk)
    current, following = candidates[index], None
    if current.status != Directive.Status.MERGED:  # a merged row is not in the queue
        following = next(
            (c for c in candidates[index + 1 :] if c.status == Directive.Status.PENDING), None
        )
    context = {
        **_row_context(current, next_pending=following),
        "speech": candidate.speech,
        "row_message": message,
        "row_error": error,
        "form": form,
    }
    html = render_to_string(f"{TEMPLATE}#candidate-row", context, request=request)
    html += render_to_string(
        f"{TEMPLATE}#review-progress",
        {"progress": _progress(candidates), "oob": True},
        request=request,
    )
    return HttpResponse(html)


def workspace_response(
    request: HttpRequest, speech: Speech, *, message: str = "", error: str = ""
) -> HttpResponse:
    if not request.htmx:
        _flash(request, message=message, error=error)
        return redirect(review_url(speech.pk))
    context = {**_workspace_context(speech), "message": message, "error": error}
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
        review.split_directive(
            directive=candidate,
            at=candidate.start + form.cleaned_data["at"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return workspace_response(request, candidate.speech, message=SPLIT)


@require_POST
def candidate_merge(request: HttpRequest, speech_pk: int, pk: int) -> HttpResponse:
    candidate = candidate_or_404(request, speech_pk, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return row_response(request, candidate, error=FORM_INVALID)
    other = get_object_or_404(Directive, pk=form.cleaned_data["other"], speech_id=speech_pk)
    try:
        review.merge_directives(
            directive=candidate, other=other, actor=request.user, now=timezone.now()
        )
    except review.ReviewRefused as refused:
        return row_response(request, candidate, error=refused.message)
    return workspace_response(request, candidate.speech, message=MERGED)


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = speech_or_404(pk)
    form = SpanForm(request.POST)
    if not form.is_valid():
        return workspace_response(request, speech, error=review.SPAN_EMPTY)
    try:
        review.add_directive(
            speech=speech,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            actor=request.user,
            now=timezone.now(),
        )
    except review.ReviewRefused as refused:
        return workspace_response(request, speech, error=refused.message)
    return workspace_response(request, speech, message=ADDED)
