"""Dates written the Chinese way: 2026年11月25日."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from tracker.services.dates import chinese_date

register = template.Library()


@register.filter
def cn_date(value: date | datetime | None, default: str = "—") -> str:
    """``2026年11月25日``; datetimes are shown in the local time zone, with the time."""
    if value is None or value == "":
        return default
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{chinese_date(value)} {value:%H:%M}"
    return chinese_date(value)


@register.filter
def cn_month_day(value: date | None) -> str:
    """``11月25日`` for tight table cells."""
    if value is None:
        return "—"
    return f"{value.month}月{value.day}日"
