"""The second clock of an assignment: the reporting cadence (报送周期).

A task may require progress reports 每周五前, 每月25日前 or 每季度末. Each cadence has a report
deadline per period; an open assignment whose last report is older than the start of the
period that just ended is 报送逾期 (late report) — separate from 办理逾期, the task's deadline.
Pure functions: today is always passed in.
"""

from datetime import date, timedelta

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
CADENCES = (WEEKLY, MONTHLY, QUARTERLY)
FRIDAY = 4
MONTHLY_DAY = 25

# The recurrence the extraction finds in "每月25日前报送进展" / "每周五前报送" / "每季度末报送"
# becomes the cadence; any other recurrence is about the work itself, not its reporting.
RECURRENCE_TO_CADENCE = {"weekly": WEEKLY, "monthly": MONTHLY, "quarterly": QUARTERLY}
REPORTING_WORDS = ("报送", "报告", "上报", "汇报", "报进展", "报工作")


def _quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    following = date(day.year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def deadline_on_or_after(cadence: str, day: date) -> date:
    """The report deadline of the period that contains ``day``."""
    if cadence == WEEKLY:
        return day + timedelta(days=(FRIDAY - day.weekday()) % 7)
    if cadence == MONTHLY:
        if day.day <= MONTHLY_DAY:
            return day.replace(day=MONTHLY_DAY)
        return date(day.year + (day.month == 12), day.month % 12 + 1, MONTHLY_DAY)
    if cadence == QUARTERLY:
        return _quarter_end(day)
    raise ValueError(f"unknown report cadence {cadence!r}")


def previous_deadline(cadence: str, deadline: date) -> date:
    """The report deadline before ``deadline``."""
    if cadence == WEEKLY:
        return deadline - timedelta(days=7)
    if cadence == MONTHLY:
        return date(deadline.year - (deadline.month == 1), (deadline.month - 2) % 12 + 1, 25)
    quarter_start = date(deadline.year, (deadline.month - 1) // 3 * 3 + 1, 1)
    return quarter_start - timedelta(days=1)


def missed_deadline(
    cadence: str, *, assigned_on: date, last_report_on: date | None, today: date
) -> date | None:
    """The report deadline that passed before ``today`` with no report in its period, or None.

    A report filed late (after the deadline) settles it: the unit is then only owed the next one.
    """
    if not cadence:
        return None
    passed = previous_deadline(cadence, deadline_on_or_after(cadence, today))
    if passed <= assigned_on:
        return None  # assigned after that deadline: the first report is owed by the next one
    period_start = previous_deadline(cadence, passed)
    if last_report_on is not None and last_report_on > period_start:
        return None
    return passed


def report_due_today(
    cadence: str, *, assigned_on: date, last_report_on: date | None, today: date
) -> bool:
    """Today is the report deadline and the unit has not reported in this period yet."""
    if not cadence or deadline_on_or_after(cadence, today) != today or assigned_on >= today:
        return False
    period_start = previous_deadline(cadence, today)
    return last_report_on is None or last_report_on <= period_start


def cadence_from_directive(recurrence: str, text: str) -> str:
    """The reporting cadence a directive asks for ("每月25日前报送进展" → monthly), else ''."""
    if recurrence in RECURRENCE_TO_CADENCE and any(word in text for word in REPORTING_WORDS):
        return RECURRENCE_TO_CADENCE[recurrence]
    return ""
