"""The dashboard's long lists: the unit table's rows and the chart's bars."""

from functools import lru_cache
from html import escape  # str in, str out: the tags below mark their whole output safe

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from tracker.selectors_dashboard import KIND_LABELS, LIGHT_LABELS

register = template.Library()


_KIND_HTML = {kind: escape(label) for kind, label in KIND_LABELS.items()}
# A county's unit names and links, each escaped once (a dict lookup, not five str.replace).
_escaped = lru_cache(maxsize=4096)(escape)


# The unit table's rows are written here, not as template markup, because the table has a row
# per unit (300 in a county with its departments): through the template engine each row costs
# ~50 µs of variable lookups, as an f-string ~2 µs (str.format with keywords ~4 µs).
@register.simple_tag
def unit_table_rows(rows) -> str:
    """The ``<tr>`` of every dashboard ``UnitRow``, escaped, ids and figures unlocalised."""
    out = []
    for r in rows:
        overdue, late, on_time, light = r.overdue, r.late_reports, r.on_time_pct, r.light
        name = _escaped(r.short_name or r.name)
        kind = _KIND_HTML.get(r.kind) or _escaped(r.kind)
        overdue_html = f'<strong class="text-red">{overdue}</strong>' if overdue else "0"
        on_time_html = "—" if on_time is None else f"{on_time}%"
        reports = f"报送逾期 {late}" if late else "按时"
        out.append(
            f'<tr data-unit="{r.unit_id}">'
            f'<th scope="row" data-label="单位"><a href="{_escaped(r.url)}">{name}</a> '
            f'<small class="muted">{kind}</small></th>'
            f'<td data-label="未完成" data-col="open">{r.open}</td>'
            f'<td data-label="已完成" data-col="done">{r.completed}</td>'
            f'<td data-label="逾期" data-col="overdue">{overdue_html}</td>'
            f'<td data-label="完成率" data-col="completion">{r.completion_pct}%</td>'
            f'<td data-label="按时完成率" data-col="ontime">{on_time_html}</td>'
            f'<td data-label="亮灯" data-col="light"><span>'
            f'<span class="light light-{light}" aria-hidden="true"></span>{LIGHT_LABELS[light]}'
            "</span></td>"
            f'<td data-label="报送" data-col="report"><span>'
            f'<span class="light light-{r.report_light}" aria-hidden="true"></span>{reports}'
            "</span></td></tr>\n"
        )
    return mark_safe("".join(out))  # every value above is an int, a fixed word or escaped


_SORT_MARKS = {"ascending": " ▲", "descending": " ▼"}


@register.simple_tag
def column_headers(columns: list[dict]) -> SafeString:
    """The unit table's sortable ``<th>``: each a link to the table sorted by it (htmx swaps
    the results), the current order marked."""
    return format_html_join(
        "\n        ",
        '<th scope="col" aria-sort="{}"><a href="?{}" hx-get="?{}" hx-target="#dashboard-results" '
        'hx-swap="outerHTML" hx-push-url="true">{}{}</a></th>',
        (
            (
                c["aria_sort"],
                c["query"],
                c["query"],
                c["label"],
                _SORT_MARKS.get(c["aria_sort"], ""),
            )
            for c in columns
        ),
    )


# A bar of the progress chart (30 of them), for the same reason as the unit table's rows.
_CHART_BAR = (
    "<g>"
    "<title>{name}：完成 {done}，未完成 {open}，逾期 {overdue}</title>"
    '<text x="0" y="{text_y}" class="chart-label">{label}</text>'
    '<rect x="{done_x}" y="{bar_y}" width="{done_w}" height="16" class="bar-done"/>'
    '<rect x="{open_x}" y="{bar_y}" width="{open_w}" height="16" class="bar-open"/>'
    '<rect x="{late_x}" y="{bar_y}" width="{late_w}" height="16" class="bar-late"/>'
    '<text x="{pct_x}" y="{text_y}" class="chart-pct">{pct}%</text>'
    "</g>\n"
)


_GEOMETRY = ("text_y", "done_x", "done_w", "open_x", "open_w", "late_x", "late_w", "pct_x")


@register.simple_tag
def chart_bars(bars: list[dict]) -> str:
    """The ``<g>`` of every bar the dashboard view laid out, escaped, numbers unlocalised."""
    out = []
    for bar in bars:
        row = bar["row"]
        name = row.display_name
        out.append(
            _CHART_BAR.format(
                name=escape(name),
                label=escape(name if len(name) <= 9 else Truncator(name).chars(9)),
                done=row.completed,
                open=row.open_not_overdue,
                overdue=row.overdue,
                pct=row.completion_pct,
                bar_y=bar["y"] + 4,
                **{k: bar[k] for k in _GEOMETRY},
            )
        )
    return mark_safe("".join(out))  # numbers and escaped names only
