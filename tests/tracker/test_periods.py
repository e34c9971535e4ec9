from datetime import date

import pytest

from tracker.services.periods import Period, first_period, next_period, period_containing


@pytest.mark.parametrize(
    ("recurrence", "day", "start", "end"),
    [
        pytest.param("weekly", date(2026, 11, 25), date(2026, 11, 23), date(2026, 11, 29)),
        pytest.param("weekly", date(2026, 11, 29), date(2026, 11, 23), date(2026, 11, 29)),
        pytest.param("monthly", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),
        pytest.param("monthly", date(2023, 2, 28), date(2023, 2, 1), date(2023, 2, 28)),
        pytest.param("quarterly", date(2024, 5, 10), date(2024, 4, 1), date(2024, 6, 30)),
        pytest.param("quarterly", date(2024, 12, 31), date(2024, 10, 1), date(2024, 12, 31)),
        pytest.param("half-yearly", date(2024, 6, 30), date(2024, 1, 1), date(2024, 6, 30)),
        pytest.param("half-yearly", date(2024, 7, 1), date(2024, 7, 1), date(2024, 12, 31)),
        pytest.param("yearly", date(2024, 3, 5), date(2024, 1, 1), date(2024, 12, 31)),
        pytest.param("biennial", date(2024, 3, 5), date(2024, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_containing_a_day(recurrence, day, start, end):
    assert period_containing(recurrence, day) == Period(start, end)
    assert day in first_period(recurrence, day)


@pytest.mark.parametrize(
    ("recurrence", "day", "start", "end"),
    [
        pytest.param("weekly", date(2026, 12, 30), date(2027, 1, 4), date(2027, 1, 10)),
        pytest.param("monthly", date(2024, 1, 31), date(2024, 2, 1), date(2024, 2, 29)),
        pytest.param("quarterly", date(2024, 11, 5), date(2025, 1, 1), date(2025, 3, 31)),
        pytest.param("half-yearly", date(2024, 3, 1), date(2024, 7, 1), date(2024, 12, 31)),
        pytest.param("yearly", date(2024, 3, 1), date(2025, 1, 1), date(2025, 12, 31)),
        pytest.param("biennial", date(2024, 3, 1), date(2026, 1, 1), date(2027, 12, 31)),
    ],
)
def test_next_period_starts_the_day_after_the_current_one_ends(recurrence, day, start, end):
    assert next_period(recurrence, first_period(recurrence, day)) == Period(start, end)


def test_unknown_recurrence_is_an_error():
    with pytest.raises(ValueError, match="fortnightly"):
        period_containing("fortnightly", date(2024, 1, 1))
