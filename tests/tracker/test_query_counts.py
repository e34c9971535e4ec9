"""Page query counts must not grow with the data: measured at two sizes and compared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.tracker.dashboard_data import build_ledger, grow, views_on_today


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def ledger(town_a, town_b):
    with views_on_today():
        yield build_ledger(town_a, town_b)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{}, {"state": "open", "q": "会议"}, {"kind": "township", "sort": "completion"}]
)
def test_dashboard_queries_do_not_grow_with_units_or_assignments(
    client, supervisor, ledger, params
):
    client.force_login(supervisor)
    url = reverse("tracker:dashboard")
    small = _count(client, url, **params)
    grow(units=12, per_unit=9)
    large = _count(client, url, **params)
    assert large == small
    assert small <= 6


@pytest.mark.django_db
def test_unit_page_queries_do_not_grow_with_assignments(client, town_a_staff, town_a, ledger):
    from tests.tracker.dashboard_data import make_assignment

    client.force_login(town_a_staff)
    url = reverse("tracker:unit-page", args=[town_a.pk])
    small = _count(client, url)
    for i in range(15):
        make_assignment(town_a, title=f"新增任务{i}", speech=ledger["speech_1"])
    large = _count(client, url)
    assert large == small
    assert small <= 5  # session, user, the unit (the header's too), its rows and figures, 批示


@pytest.mark.django_db
def test_my_tasks_queries_do_not_grow_with_assignments(client, town_a_staff, town_a, ledger):
    from tests.tracker.dashboard_data import make_assignment

    client.force_login(town_a_staff)
    url = reverse("tracker:my-tasks")
    small = _count(client, url)
    for i in range(15):
        make_assignment(town_a, title=f"新增任务{i}")
    assert _count(client, url) == small
