"""The unit page's row, the one part of the page repeated per assignment."""

from html import escape  # str in, str out: the row is marked safe as a whole

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from tracker.services.dates import chinese_date

register = template.Library()

PANEL = "tracker/unit_page.html#row-panel"

# Written here, not as template markup, because a unit has tens to hundreds of rows and
# each cost ~40 µs of variable lookups through the template engine; this way a few.
_ROW = """
<li class="assignment-card status-{status}{late_class}" id="assignment-{pk}" \
data-status="{status}" hx-target="this" hx-swap="outerHTML">
  <div class="assignment-head">
    <a class="assignment-title" href="{detail_url}">{title}</a>
    <span class="badge status-badge">{status_label}</span>{badges}
  </div>
  <p class="assignment-meta muted">
    完成时限：<strong>{due}</strong>
    · 进度 <span data-progress>{progress}%</span>{source}
  </p>
  <progress max="100" value="{progress}" aria-label="进度">{progress}%</progress>\
{message}{open_link}
  <div class="row-panel" id="row-panel-{pk}">{panel}</div>
</li>"""
_OPEN_LINK = (
    '\n  <a class="row-open" href="{url}" hx-get="{url}" hx-target="#row-panel-{pk}" '
    'hx-swap="innerHTML" aria-controls="row-panel-{pk}">办理</a>'
)


def _short(text: str, length: int) -> str:
    """``|truncatechars``, without its walk over every character of a text that fits."""
    return text if len(text) <= length else Truncator(text).chars(length)


@register.simple_tag(takes_context=True)
def unit_rows(context, rows) -> str:
    """A group's rows: one tag for the list, not a template node and a tag call per row."""
    return mark_safe("".join(unit_row(context, a) for a in rows))


@register.simple_tag(takes_context=True)
def unit_row(context, a) -> str:
    """One ``UnitPageRow`` as its ``<li>``, with the row's message and, when this row is the
    one opened without htmx or refused, its panel (the ``row-panel`` partial)."""
    badges = ""
    if a.is_late:
        badges += '\n    <span class="badge badge-red">逾期</span>'
    if a.role == "cooperating":
        badges += '\n    <span class="badge">配合</span>'
    message = ""
    row_message = context.get("row_message")
    if row_message:
        if "error" in row_message:
            message = f'\n  <p class="field-error" role="alert">{escape(row_message["error"])}</p>'
        else:
            message = f'\n  <p class="saved" role="status">{escape(row_message["ok"])}</p>'
    panel = context.get("panel")
    inner = ""
    if panel is not None and panel.assignment.pk == a.pk:
        inner = get_template(PANEL).template.render(context)
    return mark_safe(
        _ROW.format(
            pk=a.pk,
            status=escape(a.status),
            late_class=" is-overdue" if a.is_late else "",
            detail_url=escape(a.detail_url),
            title=escape(_short(a.title, 80)),
            status_label=escape(a.status_label),
            badges=badges,
            due=chinese_date(a.due_on) if a.due_on else "未设时限",
            progress=a.progress,
            source=f"\n    · 来源：{escape(_short(a.speech_title, 24))}" if a.speech_title else "",
            message=message,
            open_link=_OPEN_LINK.format(url=escape(a.panel_url), pk=a.pk) if a.panel_url else "",
            panel=inner,
        )
    )
