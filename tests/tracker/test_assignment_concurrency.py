"""Two people editing one assignment never overwrite each other silently."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.factories import AssignmentFactory
from tracker.models import Assignment, HistoryEntry, ProgressReport
from tracker.services import assignments as services
from tracker.services.assignments import StaleVersion

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_changes_nothing(town_a_staff, supervisor):
    assignment = AssignmentFactory(unit=town_a_staff.unit, due_on=date(2024, 6, 30))
    services.report_progress(
        assignment=assignment, reported_by=town_a_staff, now=NOW, text="先填报",
        progress=20, expected_version=1,
    )  # fmt: skip
    with pytest.raises(StaleVersion) as refused:
        services.change_due_date(
            assignment=assignment, changed_by=supervisor, now=NOW, due_on=date(2024, 7, 31),
            expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [services.STALE_VERSION]
    assignment.refresh_from_db()
    assert (assignment.due_on, assignment.version) == (date(2024, 6, 30), 2)
    assert not HistoryEntry.objects.filter(kind="due_date").exists()


@pytest.mark.django_db
def test_the_page_tells_the_second_editor_to_refresh(client, town_a_staff, supervisor):
    assignment = AssignmentFactory(unit=town_a_staff.unit, status=Assignment.Status.DONE)
    client.force_login(supervisor)
    url = reverse("tracker:assignment-transition", args=[assignment.pk])
    first = client.post(url, {"transition": "close", "version": 1}, headers={"HX-Request": "true"})
    assert first.status_code == 200
    second = client.post(
        url, {"transition": "return", "version": 1, "reason": "补材料"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert second.status_code == 200
    assert services.STALE_VERSION in second.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CLOSED
    assert not HistoryEntry.objects.filter(kind="returned").exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_with_the_same_version_one_wins(town_a_staff, supervisor):
    """Real PostgreSQL, two connections: the second waits on the row lock, then is refused."""
    assert connection.vendor == "postgresql"
    assignment = AssignmentFactory(unit=town_a_staff.unit, due_on=date(2024, 6, 30))
    first_holds_lock, release_first = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.report_progress(
                    assignment=assignment, reported_by=town_a_staff, now=NOW,
                    text="联络员填报", progress=30, expected_version=1,
                )  # fmt: skip
                first_holds_lock.set()
                release_first.wait(10)
            outcome["first"] = "committed"
        except Exception as exc:  # surfaced by the assertions below
            outcome["first"] = exc
        finally:
            connection.close()

    def second() -> None:
        first_holds_lock.wait(10)
        try:
            services.change_due_date(
                assignment=assignment, changed_by=supervisor, now=NOW,
                due_on=date(2024, 7, 31), expected_version=1,
            )  # fmt: skip
            outcome["second"] = "committed"
        except StaleVersion as exc:
            outcome["second"] = exc.messages[0]
        except Exception as exc:
            outcome["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_holds_lock.wait(10)
    threads[1].join(0.5)
    assert threads[1].is_alive(), "the second writer must wait for the first one's row lock"
    release_first.set()
    for thread in threads:
        thread.join(10)

    assert outcome == {"first": "committed", "second": services.STALE_VERSION}
    assignment.refresh_from_db()
    assert (assignment.progress, assignment.due_on, assignment.version) == (
        30, date(2024, 6, 30), 2,
    )  # fmt: skip
    assert ProgressReport.objects.count() == 1
    assert not HistoryEntry.objects.filter(kind="due_date").exists()
