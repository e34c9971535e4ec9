"""Showing history values: ISO dates stored in the timeline are written the Chinese way."""

import re
from datetime import date

from django import template

from tracker.templatetags.cn_dates import cn_date

register = template.Library()

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@register.filter
def history_value(value: str) -> str:
    """``2026-11-25`` → ``2026年11月25日``; anything else unchanged, empty as 无."""
    if not value:
        return "无"
    if _ISO_DATE.match(value):
        try:
            return cn_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value
