"""Recurring tasks get their next period's assignment before the current one ends, once."""

from datetime import UTC, date, datetime

import pytest

from tests.factories import AssignmentFactory, TaskFactory
from tests.tracker.reminder_helpers import LONG_AGO
from tracker.models import Assignment, HistoryEntry, Task
from tracker.services import periods
from tracker.services.reminders import recurring

NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LUOSHI_RECURRING_LEAD_DAYS = 14


@pytest.mark.parametrize(
    ("recurrence", "period_start", "today", "expected"),
    [
        pytest.param(
            "quarterly",
            date(2026, 10, 1),
            date(2026, 12, 18),
            (date(2027, 1, 1), date(2027, 3, 31)),
            id="quarter, 14 days ahead",
        ),
        pytest.param(
            "quarterly", date(2026, 10, 1), date(2026, 12, 17), None, id="quarter, too early"
        ),
        pytest.param(
            "monthly",
            date(2026, 11, 1),
            date(2026, 11, 17),
            (date(2026, 12, 1), date(2026, 12, 31)),
            id="month, 14 days ahead",
        ),
        pytest.param("monthly", date(2026, 11, 1), date(2026, 11, 16), None, id="month, too early"),
        pytest.param(
            "half-yearly",
            date(2026, 7, 1),
            date(2026, 12, 20),
            (date(2027, 1, 1), date(2027, 6, 30)),
            id="half year",
        ),
        pytest.param(
            "yearly",
            date(2026, 1, 1),
            date(2026, 12, 18),
            (date(2027, 1, 1), date(2027, 12, 31)),
            id="year",
        ),
        pytest.param(
            "biennial",
            date(2025, 1, 1),
            date(2026, 12, 18),
            (date(2027, 1, 1), date(2028, 12, 31)),
            id="two years",
        ),
        pytest.param(
            "weekly",
            date(2026, 11, 23),
            date(2026, 11, 26),
            (date(2026, 11, 30), date(2026, 12, 6)),
            id="week, 4 days ahead",
        ),
        pytest.param("weekly", date(2026, 11, 23), date(2026, 11, 25), None, id="week, too early"),
    ],
)
def test_next_period_is_due_a_lead_time_before_the_current_one_ends(
    recurrence, period_start, today, expected
):
    got = recurring.next_assignment_due(
        recurrence=recurrence, period_start=period_start, today=today
    )
    assert got == (periods.Period(*expected) if expected else None)


def quarterly_assignment(unit, *, status=Assignment.Status.PENDING):
    task = TaskFactory(
        title="每季度召开一次专题会议",
        recurrence=Task.Recurrence.QUARTERLY,
        due_on=date(2026, 12, 31),
        created_at=LONG_AGO,
    )
    return AssignmentFactory(
        task=task,
        unit=unit,
        period=1,
        period_start=date(2026, 10, 1),
        due_on=date(2026, 12, 31),
        status=status,
        created_at=LONG_AGO,
        updated_at=LONG_AGO,
    )


def test_next_quarter_is_created_once_with_its_own_due_date_and_state(town_a, town_b):
    first = quarterly_assignment(town_a, status=Assignment.Status.IN_PROGRESS)
    quarterly_assignment(town_b, status=Assignment.Status.CLOSED)
    one_off = AssignmentFactory(
        task=TaskFactory(due_on=date(2026, 12, 31), created_at=LONG_AGO),
        unit=town_a,
        due_on=date(2026, 12, 31),
        created_at=LONG_AGO,
        updated_at=LONG_AGO,
    )

    assert recurring.generate_next_periods(today=date(2026, 12, 16), now=NOW) == 0
    assert recurring.generate_next_periods(today=date(2026, 12, 20), now=NOW) == 2
    assert recurring.generate_next_periods(today=date(2026, 12, 21), now=NOW.replace(hour=1)) == 0

    second = Assignment.objects.get(task=first.task, unit=town_a, period=2)
    assert (second.period_start, second.due_on, second.status, second.progress) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        Assignment.Status.PENDING,
        0,
    )
    first.refresh_from_db()
    assert first.status == Assignment.Status.IN_PROGRESS
    assert not Assignment.objects.filter(task=one_off.task, period=2).exists()
    entry = HistoryEntry.objects.get(assignment=second)
    assert (entry.kind, entry.note) == (HistoryEntry.Kind.CREATED, "按周期自动生成第2期")
