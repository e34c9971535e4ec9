from datetime import date

import pytest

from tests.tracker.dashboard_data import TODAY, build_ledger
from tracker import selectors_dashboard as sd
from tracker import status
from tracker.filters import AssignmentFilters


@pytest.fixture
def ledger(town_a, town_b):
    return build_ledger(town_a, town_b)


def _rows(user, **query):
    data = sd.dashboard(user=user, filters=AssignmentFilters.from_querydict(query), today=TODAY)
    return data, {r.name: r for r in data.rows}


@pytest.mark.django_db
def test_unit_figures_are_right_on_a_hand_built_ledger(ledger, leader):
    _, rows = _rows(leader)
    a, b, street = rows["甲镇"], rows["乙镇"], rows["青山街道"]
    assert (a.total, a.open, a.completed, a.closed, a.overdue) == (4, 2, 2, 1, 1)
    assert (a.completion_pct, a.on_time_pct, a.light) == (50, 50, sd.LIGHT_RED)
    assert (b.total, b.open, b.completed, b.overdue, b.due_soon) == (3, 2, 1, 0, 1)
    assert (b.completion_pct, b.on_time_pct, b.light) == (33, 100, sd.LIGHT_AMBER)
    assert (street.open, street.overdue, street.on_time_pct, street.light) == (
        1,
        0,
        None,
        sd.LIGHT_GREEN,
    )


@pytest.mark.django_db
def test_headline_figures_sum_the_units(ledger, supervisor):
    data, _ = _rows(supervisor)
    h = data.headline
    assert (h.open, h.due_this_week, h.overdue, h.closed) == (5, 2, 1, 1)
    assert (h.completed, h.on_time, h.on_time_pct) == (3, 2, 67)


@pytest.mark.django_db
def test_completion_on_time_is_judged_by_the_beijing_date(ledger, leader):
    _, rows = _rows(leader, q="甲镇")
    # 23:30 on the due date counts, 00:30 the next morning does not (though UTC says same day).
    assert rows["甲镇"].on_time == 1


@pytest.mark.django_db
def test_overdue_is_derived_from_today_not_stored(ledger, leader):
    data = sd.dashboard(user=leader, filters=AssignmentFilters(), today=ledger["a_overdue"].due_on)
    assert {r.name: r.overdue for r in data.rows}["甲镇"] == 0


@pytest.mark.django_db
def test_default_sort_puts_most_overdue_first_and_sort_can_flip(ledger, leader):
    data, _ = _rows(leader)
    assert data.rows[0].name == "甲镇"
    names = [
        r.name
        for r in sd.dashboard(
            user=leader, filters=AssignmentFilters(), today=TODAY, sort="completion"
        ).rows
    ]
    assert names == ["青山街道", "乙镇", "甲镇"]
    flipped = sd.dashboard(
        user=leader, filters=AssignmentFilters(), today=TODAY, sort="-completion"
    )
    assert [r.name for r in flipped.rows] == ["甲镇", "乙镇", "青山街道"]


@pytest.mark.django_db
def test_unknown_sort_falls_back_to_default(ledger, leader):
    data = sd.dashboard(user=leader, filters=AssignmentFilters(), today=TODAY, sort="drop table")
    assert data.sort == sd.DEFAULT_SORT


@pytest.mark.django_db
def test_unit_member_sees_only_own_unit_in_the_rows(ledger, town_a_staff):
    _, rows = _rows(town_a_staff)
    assert set(rows) == {"甲镇"}


@pytest.mark.django_db
def test_unit_page_groups_by_state_and_due_date(ledger, town_a):
    groups = sd.grouped(sd.unit_assignments(unit=town_a), TODAY)
    assert [(key, [a.title for a in items]) for key, _, items in groups] == [
        (status.GROUP_OVERDUE, ["整治农村人居环境"]),
        (status.GROUP_THIS_WEEK, ["召开专题会议"]),
        (status.GROUP_DONE, ["报送工作总结"]),
        (status.GROUP_CLOSED, ["完成党员信息采集"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("today", [TODAY, date(2026, 11, 28), date(2026, 12, 31)])
def test_unit_page_figures_counted_over_its_rows_equal_the_dashboards(
    ledger, town_a, town_b, today
):
    for unit in (town_a, town_b, ledger["street"]):
        rows = sd.unit_assignments(unit=unit)
        assert sd.summary_of(rows, unit=unit, today=today) == sd.unit_summary(
            unit=unit, today=today
        )
        assert sd.unit_state(unit=unit, today=today)[0] == sd.unit_summary(unit=unit, today=today)
