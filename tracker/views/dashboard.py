"""The leaders' dashboard: headline figures, unit table with lights, chart, URL-kept filters."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker import selectors_dashboard
from tracker.filters import DUE_CHOICES, DUE_CUSTOM, STATE_CHOICES, AssignmentFilters
from tracker.links import UrlPattern
from tracker.services.dates import chinese_date

CHART_MAX_UNITS = 30
CHART_LABEL_WIDTH = 130
CHART_BAR_WIDTH = 360
CHART_ROW_HEIGHT = 24

COLUMNS = (
    ("unit", "单位"),
    ("open", "未完成"),
    ("done", "已完成"),
    ("overdue", "逾期"),
    ("completion", "完成率"),
    ("ontime", "按时完成率"),
    ("light", "亮灯"),
    ("report", "报送"),
)

SORT_CHOICES = (
    ("-overdue", "逾期数从多到少"),
    ("light", "亮灯（红灯在前）"),
    ("completion", "完成率从低到高"),
    ("-completion", "完成率从高到低"),
    ("ontime", "按时完成率从低到高"),
    ("-open", "未完成从多到少"),
    ("unit", "单位名录顺序"),
)


def _sort_choices(sort: str) -> list[tuple[str, str]]:
    """The select's options; a header-clicked order not listed still shows as current."""
    choices = list(SORT_CHOICES)
    if sort not in dict(choices):
        label = dict(COLUMNS)[sort.lstrip("-")]
        choices.insert(0, (sort, f"{label}{'从高到低' if sort.startswith('-') else '从低到高'}"))
    return choices


def _chart(rows: list[selectors_dashboard.UnitRow]) -> dict:
    """Geometry of a stacked bar per unit: completed, open in time, overdue (shares of total)."""
    bars = []
    for i, row in enumerate(rows[:CHART_MAX_UNITS]):
        total = row.total or 1
        done_w = CHART_BAR_WIDTH * row.completed / total
        open_w = CHART_BAR_WIDTH * row.open_not_overdue / total
        late_w = CHART_BAR_WIDTH * row.overdue / total
        bars.append(
            {
                "row": row,
                "y": i * CHART_ROW_HEIGHT,
                "text_y": i * CHART_ROW_HEIGHT + 16,
                "done_x": CHART_LABEL_WIDTH,
                "done_w": round(done_w, 1),
                "open_x": round(CHART_LABEL_WIDTH + done_w, 1),
                "open_w": round(open_w, 1),
                "late_x": round(CHART_LABEL_WIDTH + done_w + open_w, 1),
                "late_w": round(late_w, 1),
                "pct_x": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50,
        "height": max(len(bars), 1) * CHART_ROW_HEIGHT,
        "truncated": len(rows) > CHART_MAX_UNITS,
        "max_units": CHART_MAX_UNITS,
    }


def _speech_choices(speeches: list[dict]) -> list[tuple[int, str]]:
    """(pk, label) of the 讲话稿 select: the title cut to 30 characters, then its date."""
    choices = []
    for s in speeches:
        title = s["title"] if len(s["title"]) <= 30 else Truncator(s["title"]).chars(30)
        day = f"（{chinese_date(s['delivered_on'])}）" if s["delivered_on"] else ""
        choices.append((s["pk"], f"{title}{day}"))
    return choices


def _columns(filters: AssignmentFilters, sort: str) -> list[dict]:
    """Header links: clicking the sorted column flips its direction."""
    base = filters.as_querystring()
    columns = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        next_sort = (key if descending else f"-{key}") if current else f"-{key}"
        if key == "unit" and not current:
            next_sort = key
        query = f"{base}&sort={next_sort}" if base else f"sort={next_sort}"
        aria = ("descending" if descending else "ascending") if current else "none"
        columns.append({"key": key, "label": label, "query": query, "aria_sort": aria})
    return columns


def _attach_unit_urls(rows: list[selectors_dashboard.UnitRow]) -> None:
    """Set ``row.url``: a string join each instead of 300 {% url %} tags."""
    unit_page = UrlPattern("tracker:unit-page")
    for row in rows:
        row.url = unit_page(row.unit_id)


def _canonical_url(filters: AssignmentFilters, sort: str) -> str:
    params = filters.as_params()
    if sort != selectors_dashboard.DEFAULT_SORT:
        params["sort"] = sort
    url = reverse("tracker:dashboard")
    return f"{url}?{urlencode(params)}" if params else url


@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DASHBOARD)
    today = timezone.localdate()
    filters = AssignmentFilters.from_querydict(request.GET)
    data = selectors_dashboard.dashboard(
        user=request.user, filters=filters, today=today, sort=request.GET.get("sort", "")
    )
    _attach_unit_urls(data.rows)
    context = {
        "today": today,
        "filters": filters,
        "data": data,
        "headline": data.headline,
        "rows": data.rows,
        "chart": _chart(data.rows),
        "columns": _columns(filters, data.sort),
        "sort_choices": _sort_choices(data.sort),
        "querystring": filters.as_querystring(),
        "light_rules": selectors_dashboard.LIGHT_RULES,
        "report_light_rule": selectors_dashboard.REPORT_LIGHT_RULE,
        "may_export": policy.can(request.user, Action.EXPORT_LEDGER),
        "due_soon_days": selectors_dashboard.DUE_SOON_DAYS,
        "speeches": _speech_choices(selectors_dashboard.speeches_with_tasks()),
        "kinds": Unit.Kind.choices,
        "states": STATE_CHOICES,
        "dues": DUE_CHOICES,
        "due_custom": DUE_CUSTOM,
    }
    if not request.htmx or request.htmx.history_restore_request:
        return render(request, "tracker/dashboard.html", context)
    response = render(request, "tracker/dashboard.html#dashboard-results", context)
    # The form sends every field, empty ones too: push the canonical, shareable URL instead.
    return push_url(response, _canonical_url(filters, data.sort))
