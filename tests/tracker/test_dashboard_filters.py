from datetime import date

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from directory.models import Unit
from lib.params import is_clean_text
from tests.tracker.dashboard_data import TODAY, build_ledger
from tracker import filters as f
from tracker.filters import AssignmentFilters
from tracker.models import Assignment


@pytest.fixture
def ledger(town_a, town_b):
    return build_ledger(town_a, town_b)


def _titles(query: str) -> set[str]:
    filters = AssignmentFilters.from_querydict(QueryDict(query))
    assert filters.errors == ()
    return {
        (a.unit.name, a.task.title)
        for a in filters.apply(Assignment.objects.select_related("unit", "task"), TODAY)
    }


@pytest.mark.django_db
def test_speech_filter_keeps_that_speech_only(ledger):
    rows = _titles(f"speech={ledger['speech_2'].pk}")
    assert rows == {
        ("甲镇", "报送工作总结"),
        ("甲镇", "完成党员信息采集"),
        ("乙镇", "建立工作台账"),
    }


@pytest.mark.django_db
def test_unit_kind_filter(ledger):
    assert _titles("kind=street") == {("青山街道", "推进老旧小区改造")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("overdue", {("甲镇", "整治农村人居环境")}),
        ("closed", {("甲镇", "完成党员信息采集")}),
        ("done", {("甲镇", "报送工作总结"), ("乙镇", "建立工作台账")}),
        ("pending", {("甲镇", "整治农村人居环境"), ("乙镇", "整治农村人居环境")}),
    ],
)
def test_state_filter_including_derived_overdue(ledger, state, expected):
    assert _titles(f"state={state}") == expected


@pytest.mark.django_db
def test_open_state_is_pending_plus_in_progress(ledger):
    assert len(_titles("state=open")) == 5


@pytest.mark.django_db
def test_due_this_week_is_monday_to_sunday(ledger):
    assert _titles("due=week") == {("甲镇", "召开专题会议"), ("乙镇", "召开专题会议")}


@pytest.mark.django_db
def test_due_this_month(ledger):
    assert _titles("due=month") == {
        ("甲镇", "整治农村人居环境"),
        ("甲镇", "召开专题会议"),
        ("甲镇", "报送工作总结"),
        ("甲镇", "完成党员信息采集"),
        ("乙镇", "召开专题会议"),
    }


@pytest.mark.django_db
def test_due_overdue_window_leaves_out_completed_ones(ledger):
    assert _titles("due=overdue") == {("甲镇", "整治农村人居环境")}


@pytest.mark.django_db
def test_custom_due_window_is_inclusive(ledger):
    assert _titles("due=custom&from=2026-11-25&to=2026-12-31") == {
        ("甲镇", "召开专题会议"),
        ("乙镇", "召开专题会议"),
        ("乙镇", "整治农村人居环境"),
    }
    assert _titles("due=custom&to=2026-11-10") == {("甲镇", "完成党员信息采集")}


@pytest.mark.django_db
def test_free_text_matches_task_title_and_unit_name(ledger):
    assert _titles("q=专题会议") == {("甲镇", "召开专题会议"), ("乙镇", "召开专题会议")}
    assert _titles("q=青山") == {("青山街道", "推进老旧小区改造")}


@pytest.mark.django_db
def test_filters_combine(ledger):
    assert _titles("q=人居环境&state=overdue") == {("甲镇", "整治农村人居环境")}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("speech=abc", f.BAD_SPEECH),
        ("kind=planet", f.BAD_KIND),
        ("state=lost", f.BAD_STATE),
        ("due=someday", f.BAD_DUE),
        ("due=custom&from=25/11/2026", f.BAD_DATE),
        ("due=custom&from=2026-12-01&to=2026-11-01", f.DATES_REVERSED),
        ("due=custom", f.CUSTOM_NEEDS_DATE),
    ],
)
def test_bad_values_are_dropped_with_a_chinese_message(query, message):
    filters = AssignmentFilters.from_querydict(QueryDict(query))
    assert filters.errors == (message,)
    assert not filters.is_active
    assert filters.as_querystring() == ""


def test_querystring_keeps_only_what_is_set_in_a_stable_order():
    filters = AssignmentFilters.from_querydict(
        QueryDict("q=+专题  会议+&due=custom&from=2026-11-01&state=overdue&kind=township&speech=7")
    )
    assert filters.q == "专题 会议"
    assert filters.as_querystring() == (
        "speech=7&kind=township&state=overdue&due=custom&from=2026-11-01"
        "&q=%E4%B8%93%E9%A2%98+%E4%BC%9A%E8%AE%AE"
    )


def test_dates_outside_custom_window_are_ignored():
    filters = AssignmentFilters.from_querydict(QueryDict("due=week&from=2026-11-01"))
    assert filters.due_from is None
    assert filters.as_querystring() == "due=week"


@given(
    speech=st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
    kind=st.sampled_from(["", *Unit.Kind.values]),
    state=st.sampled_from(["", *dict(f.STATE_CHOICES)]),
    due=st.sampled_from(["", f.DUE_WEEK, f.DUE_MONTH, f.DUE_OVERDUE, f.DUE_CUSTOM]),
    due_from=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    # control characters are refused (test_filter_values), every other text round-trips
    q=st.text(max_size=f.Q_MAX_LENGTH).map(lambda s: " ".join(s.split())).filter(is_clean_text),
)
def test_querystring_round_trip(speech, kind, state, due, due_from, q):
    original = AssignmentFilters(
        speech=speech,
        kind=kind,
        state=state,
        due=due,
        due_from=due_from if due == f.DUE_CUSTOM else None,
        q=q,
    )
    parsed = AssignmentFilters.from_querydict(QueryDict(original.as_querystring()))
    assert parsed == original
    assert parsed.errors == ()
