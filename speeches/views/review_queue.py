"""The reading side of the review page: the highlighted text, one page of candidate rows and the
progress line, built from light queries so that a document of 1,500 candidates renders fast.

The text is highlighted in one pass over the candidates' offsets (one ``<mark>`` per stretch of
text covered by the same candidates, nothing for the stretches between), written as HTML here
rather than a template loop of thousands of segments. Rows come fifty at a time in text order,
filtered by review state; the next page loads when its sentinel scrolls into view.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, F
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from speeches.models import Directive, Speech

PAGE_SIZE = 50
CHIPS_SHOWN = 8  # "各乡镇" may stand for twenty townships; the rest collapse into a count
S = Directive.Status
# Which rows a filter shows; "all" is every candidate not merged into another, in text order.
FILTERS = {
    "all": (S.PENDING, S.ACCEPTED, S.REJECTED),
    "pending": (S.PENDING,),
    "accepted": (S.ACCEPTED,),
    "rejected": (S.REJECTED,),
}
FILTER_LABELS = {"all": "全部", "pending": "待审核", "accepted": "已采纳", "rejected": "已驳回"}
DEFAULT_FILTER = "all"
# A highlighted stretch takes the colour of its most pressing candidate.
STATUS_PRIORITY = {S.PENDING: 0, S.ACCEPTED: 1, S.REJECTED: 2}
# Where a suggested split point may fall: after a clause or sentence end.
_SPLIT_AT = re.compile(r"[；。！？;]")
ROW_ACTIONS = ("row", "accept", "reject", "restore", "edit", "split", "merge", "units")
_PK_PLACEHOLDER = 987654321


@dataclass(frozen=True, slots=True)
class Span:
    """What the highlighting and the row neighbours need of a candidate: no text, no units."""

    pk: int
    start: int
    end: int
    status: str
    ordinal: int


def spans_of(speech: Speech) -> list[Span]:
    """Every candidate of the speech not merged away, in text order (one light query)."""
    rows = (
        speech.directives.exclude(status=S.MERGED)
        .order_by("start", "ordinal")
        .values_list("pk", "start", "end", "status", "ordinal")
    )
    return [Span(*row) for row in rows]


def progress_of(speech: Speech) -> dict[str, int]:
    """Candidates per review state, merged included (one aggregate query)."""
    counts = dict.fromkeys(S.values, 0)
    for status, count in speech.directives.values_list("status").annotate(n=Count("pk")):
        counts[status] = count
    return counts


def highlighted_text(text: str, spans: list[Span]) -> SafeString:
    """``text`` escaped, with each stretch covered by candidates in one ``<mark>``: ``data-ids``
    lists the candidates covering it (overlaps share stretches), ``id="span-N"`` marks where
    candidate N starts. Stripped of its tags the HTML is exactly the text, so the browser's
    selection offsets count the same characters as Python."""
    size = len(text)
    live = [s for s in spans if s.end > s.start and s.start < size]
    by_start: dict[int, list[Span]] = {}
    for span in live:
        by_start.setdefault(span.start, []).append(span)
    points = sorted({0, size, *(s.start for s in live), *(min(s.end, size) for s in live)})
    out: list[str] = []
    active: list[Span] = []
    for a, b in pairwise(points):
        starting = by_start.get(a, [])
        active = [s for s in active if s.end > a] + starting
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        top = min(active, key=lambda s: (STATUS_PRIORITY.get(s.status, 3), s.start))
        anchor = f' id="span-{starting[0].pk}"' if starting else ""
        ids = " ".join(str(s.pk) for s in active)
        out.append(f'<mark class="cand st-{top.status}" data-ids="{ids}"{anchor}>{piece}</mark>')
    return mark_safe("".join(out))  # every piece of text above went through escape()


def suggested_split(candidate: Directive) -> int:
    """A default split point inside the quote: after its first inner clause end, else midway."""
    match = _SPLIT_AT.search(candidate.quote, 1, max(len(candidate.quote) - 1, 1))
    return match.end() if match else max(len(candidate.quote) // 2, 1)


def row_urls(speech_pk: int) -> dict[str, str]:
    """URL templates of the row actions, reversed once per page rather than per row."""
    return {
        action: reverse(f"speeches:candidate-{action}", args=[speech_pk, _PK_PLACEHOLDER])
        for action in ROW_ACTIONS
    }


def row_context(
    candidate: Directive,
    *,
    next_pending: Span | Directive | None = None,
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


def attach_unit_names(candidates: list[Directive]) -> None:
    """Set ``unit_names`` (matched units' short names), ``unit_preview`` and ``unit_more`` on
    each candidate in one query: plain names, not Unit rows (50 rows x 20 townships)."""
    names: dict[int, list[str]] = {}
    links = (
        Directive.units.through.objects.filter(directive_id__in=[c.pk for c in candidates])
        .order_by("unit__sort_order", "unit__name")
        .values_list("directive_id", "unit__short_name", "unit__name")
    )
    for directive_id, short_name, name in links:
        names.setdefault(directive_id, []).append(short_name or name)
    for candidate in candidates:
        candidate.unit_names = names.get(candidate.pk, [])
        candidate.unit_preview = candidate.unit_names[:CHIPS_SHOWN]
        candidate.unit_more = len(candidate.unit_names) - len(candidate.unit_preview)


def with_row_data(queryset) -> list[Directive]:
    candidates = list(queryset.annotate(task_pk=F("accepted_task")))
    attach_unit_names(candidates)
    return candidates


def next_pending_after(spans: list[Span]) -> dict[int, Span | None]:
    """For each candidate, the next pending one in text order (what "与下一条合并" folds in)."""
    following: dict[int, Span | None] = {}
    nearest = None
    for span in reversed(spans):
        following[span.pk] = nearest
        if span.status == S.PENDING:
            nearest = span
    return following


def clean_filter(value: str | None) -> str:
    return value if value in FILTERS else DEFAULT_FILTER


def span_key(span: Span) -> str:
    """Where a row sits in text order, as a cursor: "start-ordinal"."""
    return f"{span.start}-{span.ordinal}"


def parse_key(value: str | None) -> tuple[int, int] | None:
    start, _, ordinal = (value or "").partition("-")
    return (int(start), int(ordinal)) if start.isdigit() and ordinal.isdigit() else None


@dataclass
class CandidatePage:
    """Rows ``first .. first + len(rows)`` of the ``total`` candidates a filter shows.

    The next and the earlier pages are asked for by cursor (the text position of the last or
    the first row), not by offset: a row accepted under the 待审核 filter leaves the filter, and
    an offset would then skip the row that moved up into its place."""

    status: str
    first: int
    rows: list[dict]
    total: int
    next_key: str | None = None
    previous_key: str | None = None

    @property
    def remaining(self) -> int:
        return self.total - self.first - len(self.rows)


def candidate_page(
    speech: Speech,
    spans: list[Span],
    *,
    status: str = DEFAULT_FILTER,
    offset: int = 0,
    after: tuple[int, int] | None = None,
    before: tuple[int, int] | None = None,
    limit: int = PAGE_SIZE,
    focus_pk: int | None = None,
) -> CandidatePage:
    """One page of rows: after or before a cursor, else from ``offset`` (with ``focus_pk``,
    the page that holds that candidate)."""
    shown = [span for span in spans if span.status in FILTERS[status]]
    keys = [(span.start, span.ordinal) for span in shown]
    limit = min(max(limit, 1), PAGE_SIZE)
    if after is not None:
        first = bisect_right(keys, after)
    elif before is not None:
        first = max(bisect_left(keys, before) - limit, 0)
        limit = min(limit, bisect_left(keys, before) - first)
    else:
        if focus_pk is not None:
            index = next((i for i, span in enumerate(shown) if span.pk == focus_pk), None)
            if index is not None:
                offset = index - index % PAGE_SIZE
        first = min(max(offset, 0), max(len(shown) - 1, 0))
    window = shown[first : first + limit]
    page_pks = [span.pk for span in window]
    by_pk = {c.pk: c for c in with_row_data(speech.directives.filter(pk__in=page_pks))}
    following = next_pending_after(spans)
    templates = row_urls(speech.pk)
    rows = [
        row_context(by_pk[pk], next_pending=following.get(pk), url_templates=templates)
        for pk in page_pks
        if pk in by_pk
    ]
    more = first + len(window) < len(shown)
    return CandidatePage(
        status=status,
        first=first,
        rows=rows,
        total=len(shown),
        next_key=span_key(shown[first + len(window) - 1]) if more and window else None,
        previous_key=span_key(shown[first]) if first and first < len(shown) else None,
    )


def filter_links(speech_pk: int, active: str) -> list[dict]:
    """The state filters; their counts are the progress line's, which stays live on every row
    action (counts here would go stale)."""
    review_url = reverse("speeches:speech-review", args=[speech_pk])
    list_url = reverse("speeches:candidate-list", args=[speech_pk])
    return [
        {
            "key": key,
            "label": label,
            "active": key == active,
            "href": f"{review_url}?status={key}",
            "hx": f"{list_url}?status={key}",
        }
        for key, label in FILTER_LABELS.items()
    ]
