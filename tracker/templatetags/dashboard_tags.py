"""Small lookups the dashboard and unit-page templates need."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping[key]`` or None, for per-row messages keyed by id."""
    return mapping.get(key) if mapping else None


@register.filter
def is_overdue(assignment, today: date) -> bool:
    """The model's own derived rule, callable from a template."""
    return assignment.is_overdue_on(today)
