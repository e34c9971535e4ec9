"""One recurrence vocabulary: what the extraction proposes, candidates and tasks store, and the
period arithmetic understands."""

from datetime import date

import pytest

from lib.recurrence import LABELS, RECURRENCES
from speeches.extraction.data.recurrence_words import RECURRENCE_PATTERNS
from speeches.models import Directive
from tracker.models import Task
from tracker.services import periods


def test_candidates_and_tasks_share_one_vocabulary():
    assert Task.Recurrence is Directive.Recurrence
    assert dict(Directive.Recurrence.choices) == LABELS


def test_the_extraction_proposes_only_known_recurrences():
    assert {value for _, value in RECURRENCE_PATTERNS} <= set(RECURRENCES)


@pytest.mark.parametrize("recurrence", RECURRENCES)
def test_every_recurrence_has_periods(recurrence):
    first = periods.first_period(recurrence, date(2026, 3, 2))
    assert date(2026, 3, 2) in first
    assert periods.next_period(recurrence, first).start > first.end
