"""考核 figures from the ledger: on time, late, overdue, 报送, 催办 and 退回 per unit and period."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.factories import AssignmentFactory, TaskFactory
from tests.tracker.documents_data import CREATED, NOW, TODAY, WEEK_END, WEEK_START, at, build_week
from tracker.models import HistoryEntry, ProgressReport, ScoreWeights
from tracker.selectors_assessment import Scope, report_deadlines, unit_figures
from tracker.services import assessment, scores
from tracker.services.assignments.base import WorkflowRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(town_a, town_b, supervisor):
    return build_week(town_a=town_a, town_b=town_b, supervisor=supervisor)


def figures_by_unit(scope):
    figures, overdue = unit_figures(scope)
    return {f.unit_name: f for f in figures}, overdue


def test_a_week_counts_on_time_late_and_overdue_items_per_unit(week):
    by_unit, overdue = figures_by_unit(Scope(start=WEEK_START, end=WEEK_END, today=TODAY))
    town_a, town_b, street = by_unit["甲镇"], by_unit["乙镇"], by_unit["城关街道"]
    assert (town_a.total, town_a.due, town_a.done_on_time, town_a.done_late) == (2, 2, 1, 1)
    assert (town_a.overdue, town_a.overdue_days, town_a.returns) == (0, 1, 1)
    assert (town_b.total, town_b.due, town_b.overdue, town_b.overdue_days) == (2, 2, 2, 4 + 19)
    assert (street.due, street.done_on_time) == (1, 1)
    assert [(item.unit_name, item.days) for item in overdue] == [("乙镇", 19), ("乙镇", 4)]


def test_an_item_finished_before_the_period_is_not_in_it_and_one_finished_after_was_open(week):
    earlier = Scope(start=date(2026, 11, 16), end=date(2026, 11, 22), today=TODAY)
    by_unit, overdue = figures_by_unit(earlier)
    # 甲镇's items were due later and finished later: in the period, open, not yet overdue
    assert (by_unit["甲镇"].total, by_unit["甲镇"].due, by_unit["甲镇"].overdue) == (2, 0, 0)
    assert [(item.unit_name, item.days) for item in overdue] == [("乙镇", 12)]
    later = Scope(start=date(2026, 11, 30), end=date(2026, 12, 6), today=TODAY)
    by_unit, _ = figures_by_unit(later)
    assert "甲镇" not in by_unit and "城关街道" not in by_unit  # finished before it began


def test_a_period_still_running_is_counted_as_of_today(week):
    scope = Scope(start=date(2026, 11, 1), end=date(2026, 11, 30), today=date(2026, 11, 27))
    by_unit, _ = figures_by_unit(scope)
    assert scope.as_of == date(2026, 11, 27)
    assert by_unit["乙镇"].overdue_days == 2 + 17


def test_urges_and_returns_in_the_period_are_counted(week, supervisor):
    for day in (date(2026, 11, 24), date(2026, 11, 26), date(2026, 12, 3)):
        HistoryEntry.objects.create(
            task=week.overdue_long.task, assignment=week.overdue_long,
            kind=HistoryEntry.Kind.URGED, actor=supervisor, at=at(day), note="请抓紧",
        )  # fmt: skip
    by_unit, _ = figures_by_unit(Scope(start=WEEK_START, end=WEEK_END, today=TODAY))
    assert by_unit["乙镇"].urges == 2
    assert by_unit["甲镇"].returns == 1 and by_unit["乙镇"].returns == 0


def test_reports_on_a_weekly_cadence_are_on_time_or_late(town_a, supervisor):
    task = TaskFactory(
        title="每周报送防汛值守情况", due_on=date(2026, 12, 31), report_cadence="weekly",
        created_by=supervisor, created_at=CREATED,
    )  # fmt: skip
    share = AssignmentFactory(task=task, unit=town_a, created_at=CREATED, updated_at=CREATED)
    # Fridays 11-06, 11-13, 11-20, 11-27 fall in November; reports for two of them
    for day in (date(2026, 11, 5), date(2026, 11, 20)):
        ProgressReport.objects.create(
            assignment=share, author=supervisor, text="已值守", progress=10, created_at=at(day)
        )
    scope = Scope(start=date(2026, 11, 1), end=date(2026, 11, 30), today=TODAY)
    by_unit, _ = figures_by_unit(scope)
    assert (by_unit["甲镇"].reports_due, by_unit["甲镇"].reports_on_time) == (4, 2)
    assert by_unit["甲镇"].reports_late == 2


def test_report_deadlines_of_a_month():
    assert report_deadlines("monthly", start=date(2026, 10, 1), end=date(2026, 11, 30)) == [
        date(2026, 10, 25),
        date(2026, 11, 25),
    ]


def test_ranking_is_within_each_unit_kind(week):
    rankings = assessment.ranking(Scope(start=WEEK_START, end=WEEK_END, today=TODAY))
    assert [r.kind for r in rankings] == ["township", "street"]
    township = rankings[0]
    assert [(s.rank, s.figures.unit_name) for s in township.scores] == [(1, "甲镇"), (2, "乙镇")]
    town_a = township.scores[0]
    assert town_a.explanation[0] == "按时办结：1/2 项，50.0% × 60 = 30.0 分"
    assert "退回扣分：1 次 × 3 = −3.0 分" in town_a.explanation
    assert town_a.value == Decimal("66.5")  # 30 + 40 − 0.5 − 3


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        pytest.param("week", date(2026, 12, 1), ("2026-11-30", "2026-12-06", "2026年第49周")),
        pytest.param("month", date(2026, 2, 10), ("2026-02-01", "2026-02-28", "2026年2月")),
        pytest.param("quarter", date(2026, 11, 5), ("2026-10-01", "2026-12-31", "2026年第四季度")),
    ],
)
def test_periods_are_named_the_way_the_office_names_them(kind, day, expected):
    period = assessment.period_of(kind, day)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == expected


def test_previous_week_and_a_date_range():
    last = assessment.previous_period("week", date(2026, 12, 1))
    assert (last.start, last.end, last.label) == (WEEK_START, WEEK_END, "2026年第48周")
    span = assessment.date_range(date(2026, 11, 1), date(2026, 11, 15))
    assert span.label == "2026年11月1日至11月15日"
    with pytest.raises(WorkflowRefused) as refused:
        assessment.date_range(date(2026, 11, 15), date(2026, 11, 1))
    assert refused.value.messages == [assessment.RANGE_INVALID]


def test_weights_are_stored_as_versions_and_the_latest_applies(admin_user):
    assert assessment.current_weights() == (scores.Weights(), None)
    values = {name: getattr(scores.Weights(), name) for name in assessment.weight_labels()}
    first = assessment.save_weights(
        user=admin_user, values={**values, "per_urge": "5"}, note="加重催办", now=NOW
    )
    second = assessment.save_weights(
        user=admin_user, values={**values, "per_urge": "4"}, note="", now=NOW + timedelta(hours=1)
    )
    weights, row = assessment.current_weights()
    assert row == second and weights.per_urge == Decimal(4)
    assert list(ScoreWeights.objects.order_by("changed_at").values_list("per_urge", "note")) == [
        (Decimal("5.00"), "加重催办"),
        (Decimal("4.00"), ""),
    ]
    assert first.changed_by == admin_user


def test_unchanged_or_negative_weights_are_refused(admin_user):
    values = {name: getattr(scores.Weights(), name) for name in assessment.weight_labels()}
    with pytest.raises(WorkflowRefused) as unchanged:
        assessment.save_weights(user=admin_user, values=values, note="", now=NOW)
    assert unchanged.value.messages == [assessment.WEIGHTS_UNCHANGED]
    with pytest.raises(WorkflowRefused) as negative:
        assessment.save_weights(
            user=admin_user, values={**values, "on_time": "-1"}, note="", now=NOW
        )
    assert negative.value.messages == ["“按时办结（满分）”应为不小于 0 的数字"]
    with pytest.raises(WorkflowRefused) as too_large:
        assessment.save_weights(
            user=admin_user, values={**values, "per_urge": "100"}, note="", now=NOW
        )
    assert too_large.value.messages == ["“每次催办扣分”应小于 100，最多 2 位小数"]
    with pytest.raises(WorkflowRefused) as too_fine:
        assessment.save_weights(
            user=admin_user, values={**values, "on_time": "60.25"}, note="", now=NOW
        )
    assert too_fine.value.messages == ["“按时办结（满分）”应小于 10000，最多 1 位小数"]
    assert not ScoreWeights.objects.exists()


def test_a_supervisor_may_not_change_the_weights(supervisor):
    from django.core.exceptions import PermissionDenied

    values = dict.fromkeys(assessment.weight_labels(), "1")
    with pytest.raises(PermissionDenied):
        assessment.save_weights(user=supervisor, values=values, note="", now=NOW)
    assert not ScoreWeights.objects.exists()


def test_weights_saved_in_the_admin_are_a_new_version_with_who_and_when(client, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    values = {name: str(getattr(scores.Weights(), name)) for name in assessment.weight_labels()}
    add = reverse("admin:tracker_scoreweights_add")
    assert client.post(add, {**values, "on_time": "70", "note": "后台修改"}).status_code == 302
    assert client.post(add, {**values, "on_time": "65", "note": ""}).status_code == 302
    weights, row = assessment.current_weights()
    assert weights.on_time == Decimal(65) and row.changed_by == admin_user
    assert ScoreWeights.objects.count() == 2
    first = ScoreWeights.objects.order_by("pk").first()
    change = reverse("admin:tracker_scoreweights_change", args=[first.pk])
    client.post(change, {**values, "on_time": "10"})
    first.refresh_from_db()
    assert first.on_time == Decimal(70)  # an old version is never edited
