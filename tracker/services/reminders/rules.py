"""Which reminders are due: pure functions over plain data, "today" always passed in.

Days are counted on the calendar or, with ``working_days``, as Chinese working days
(chinesecalendar: weekends, public holidays and the make-up working Saturdays).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
CATCH_UP = "catch_up"
ESCALATION = "escalation"

WEEKDAYS = "一二三四五六日"
HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


@dataclass(frozen=True, slots=True)
class ReminderRules:
    offsets: tuple[int, ...] = (7, 3, 1, 0)
    overdue_first_day: int = 1
    overdue_every: int = 3
    escalate_after: int = 7
    working_days: bool = False
    catch_up_max_days: int = 31

    @property
    def horizon_days(self) -> int:
        """Calendar days ahead that can hold a pre-due reminder (holidays stretch working days)."""
        furthest = max(self.offsets)
        return furthest * 2 + 15 if self.working_days else furthest


@dataclass(frozen=True, slots=True)
class OpenAssignment:
    id: int
    due_on: date
    created_on: date
    extension_pending: bool = False
    escalated: bool = False
    staff: tuple[int, ...] = ()
    leaders: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Due:
    assignment_id: int
    recipient_id: int
    kind: str
    for_date: date


@cache
def is_working_day(day: date) -> bool:
    """A Chinese working day; outside chinesecalendar's years, Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


@cache
def day_off_label(day: date) -> str:
    """'' for a working day, else why it is not one: '星期六' or a holiday's name."""
    try:
        on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        on_holiday, holiday = day.weekday() >= 5, None
    if not on_holiday:
        return ""
    if holiday is not None:
        return f"{HOLIDAY_NAMES.get(holiday, '法定节')}假期"
    return f"星期{WEEKDAYS[day.weekday()]}"


def _working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def days_before(day: date, due_on: date, *, working_days: bool) -> int:
    return _working_days_between(day, due_on) if working_days else (due_on - day).days


def days_overdue(day: date, due_on: date, *, working_days: bool) -> int:
    return _working_days_between(due_on, day) if working_days else (day - due_on).days


def scheduled_kind(assignment: OpenAssignment, day: date, rules: ReminderRules) -> str | None:
    """The unit's regular reminder on ``day`` (due soon, due today, overdue), if one falls then."""
    if day < assignment.created_on:
        return None
    if rules.working_days and not is_working_day(day):
        return None  # nobody reads a reminder on a day off; the counts skip it too
    due_on = assignment.due_on
    if day == due_on:
        return DUE_TODAY
    if day < due_on:
        return (
            DUE_SOON
            if days_before(day, due_on, working_days=rules.working_days) in (rules.offsets)
            else None
        )
    if assignment.extension_pending:
        return None
    late = days_overdue(day, due_on, working_days=rules.working_days)
    since_first = late - rules.overdue_first_day
    if since_first >= 0 and since_first % rules.overdue_every == 0:
        return OVERDUE
    return None


def is_escalated_on(assignment: OpenAssignment, day: date, rules: ReminderRules) -> bool:
    """Overdue for more than ``escalate_after`` days with no extension request pending."""
    if assignment.extension_pending or day <= assignment.due_on:
        return False
    return days_overdue(day, assignment.due_on, working_days=rules.working_days) > (
        rules.escalate_after
    )


def escalates_in(assignment: OpenAssignment, window: list[date], rules: ReminderRules) -> bool:
    """The escalation is due when the assignment is past the threshold on the scan's day and
    was never escalated for this due date: however long ago the threshold was crossed (an item
    older than the catch-up window, or held back by a refused extension) it escalates, once."""
    return not assignment.escalated and is_escalated_on(assignment, window[-1], rules)


def scan_window(*, today: date, last_scan: date | None, rules: ReminderRules) -> list[date]:
    """The days this scan answers for: those since the last finished scan, up to today."""
    if last_scan is None or last_scan >= today:
        return [today]
    first = max(last_scan + timedelta(days=1), today - timedelta(days=rules.catch_up_max_days))
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def due_reminders(
    assignments: Iterable[OpenAssignment],
    *,
    today: date,
    window: list[date],
    supervisors: tuple[int, ...],
    rules: ReminderRules,
) -> Iterator[Due]:
    """Every (assignment, recipient, kind, for_date) due by ``today``.

    Reminders that fell on missed days (the scan did not run) collapse into one catch-up
    notice per assignment dated today, instead of one per missed day. An escalation is keyed
    by the due date it escalates, so it is sent once however often the scan runs.
    """
    for assignment in assignments:
        kinds = [(day, scheduled_kind(assignment, day, rules)) for day in window]
        missed = any(kind for day, kind in kinds if day < today)
        kind_today = CATCH_UP if missed else kinds[-1][1]
        if kind_today:
            for recipient in assignment.staff or assignment.leaders:
                yield Due(assignment.id, recipient, kind_today, today)
        if escalates_in(assignment, window, rules):
            for recipient in dict.fromkeys(assignment.leaders + supervisors):
                yield Due(assignment.id, recipient, ESCALATION, assignment.due_on)
