"""A select's options in one tag: a filter form's options are template nodes no more."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
SELECTED = mark_safe(" selected")


@register.simple_tag
def select_options(choices, current) -> SafeString:
    """An ``<option>`` for each (value, label) of ``choices``, escaped; the one whose value
    equals ``current`` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if value == current else "", label) for value, label in choices),
    )
