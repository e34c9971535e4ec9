"""The escalation ladder a supervisor reads: 临期 → 逾期 → 督办升级, with each step's rule."""

from datetime import date, timedelta

import pytest

from tracker.services import escalation
from tracker.services.reminders.rules import ReminderRules

TODAY = date(2026, 11, 25)
RULES = ReminderRules()


@pytest.mark.parametrize(
    ("due_on", "escalated", "current"),
    [
        pytest.param(TODAY + timedelta(days=20), False, "", id="on track"),
        pytest.param(TODAY + timedelta(days=7), False, escalation.DUE_SOON, id="7 days: yellow"),
        pytest.param(TODAY, False, escalation.DUE_SOON, id="due today"),
        pytest.param(TODAY - timedelta(days=1), False, escalation.OVERDUE, id="overdue: red"),
        pytest.param(TODAY - timedelta(days=8), False, escalation.ESCALATED, id="past 7 days"),
        pytest.param(TODAY - timedelta(days=2), True, escalation.ESCALATED, id="sent already"),
    ],
)
def test_where_an_assignment_stands_on_the_ladder(due_on, escalated, current):
    ladder = escalation.ladder(
        due_on=due_on, today=TODAY, is_open=True, escalated=escalated, rules=RULES
    )
    assert ladder.current == current
    assert [step.label for step in ladder.steps] == ["临期", "逾期", "督办升级"]
    assert ladder.steps[2].explanation == "逾期超过7天：报单位负责人和督查室（一次）"


def test_finished_work_is_off_the_ladder_and_no_due_date_has_none():
    done = escalation.ladder(
        due_on=TODAY - timedelta(days=3), today=TODAY, is_open=False, escalated=False,
        rules=RULES,
    )  # fmt: skip
    assert done.current == ""
    assert (
        escalation.ladder(due_on=None, today=TODAY, is_open=True, escalated=False, rules=RULES)
        is None
    )


@pytest.mark.django_db
def test_the_assignment_page_shows_the_ladder(client, supervisor, town_a):
    from tests.factories import AssignmentFactory

    share = AssignmentFactory(unit=town_a, due_on=date(2020, 1, 1))
    client.force_login(supervisor)
    html = client.get(share.get_absolute_url()).text
    assert 'data-step="escalated"' in html
    assert "当前：督办升级" in html
