"""Period arithmetic for recurring tasks (每周 … 每两年): pure functions, dates in, dates out.

A period is a closed date range. Weeks run Monday to Sunday; months, quarters, half-years and
years follow the calendar; a two-year period starts on 1 January of the year it is entered
from, and each following one starts the day after the previous ends.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from lib.recurrence import (
    BIENNIAL,
    HALF_YEARLY,
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    YEARLY,
)

# Recurrence → length of its period in months (weeks are handled apart).
_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(recurrence: str, day: date) -> Period:
    """The period of ``recurrence`` that ``day`` falls in (ValueError for an unknown one)."""
    if recurrence == WEEKLY:
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6))
    if recurrence == BIENNIAL:
        return Period(date(day.year, 1, 1), date(day.year + 1, 12, 31))
    months = _MONTHS.get(recurrence)
    if months is None:
        raise ValueError(f"unknown recurrence {recurrence!r}")
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return Period(date(day.year, first_month, 1), _month_end(day.year, last_month))


def next_period(recurrence: str, period: Period) -> Period:
    """The period that starts the day after ``period`` ends."""
    following = period.end + timedelta(days=1)
    if recurrence == BIENNIAL:
        return Period(following, date(following.year + 1, 12, 31))
    return period_containing(recurrence, following)


def first_period(recurrence: str, today: date) -> Period:
    """The period a newly accepted recurring task starts in: the one containing ``today``."""
    return period_containing(recurrence, today)
