"""One export in the works per user: a burst of requests is answered with the running one."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.tracker.ledger_data import NOW, TODAY
from tracker.filters import AssignmentFilters
from tracker.models import LedgerExport
from tracker.services import ledger
from tracker.views import exports as export_views


@pytest.mark.django_db
def test_fifty_export_requests_queue_one_export(
    client, town_a_staff, django_capture_on_commit_callbacks
):
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-ledger-export", args=[town_a_staff.unit_id])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        responses = [client.post(url) for _ in range(50)]
    assert LedgerExport.objects.count() == 1
    export = LedgerExport.objects.get()
    status_url = reverse("tracker:ledger-export-status", args=[export.pk])
    assert {response["Location"] for response in responses} == {status_url}
    assert len(queued) == 1
    page = client.get(status_url)
    assert export_views.EXPORT_ALREADY_RUNNING in page.text


@pytest.mark.django_db
def test_a_finished_export_lets_the_user_ask_for_the_next(supervisor):
    first = ledger.request_export(
        user=supervisor, filters=AssignmentFilters(), now=NOW, today=TODAY
    )
    ledger.build_export(export_id=first.pk, now=NOW)
    later = NOW + timedelta(minutes=1)
    second = ledger.request_export(
        user=supervisor, filters=AssignmentFilters(), now=later, today=TODAY
    )
    assert second.pk != first.pk and second.status == LedgerExport.Status.QUEUED


@pytest.mark.django_db
def test_the_database_holds_one_unfinished_export_per_user(supervisor):
    LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)


@pytest.mark.django_db
def test_retrying_a_failed_export_while_another_runs_returns_the_running_one(supervisor):
    failed = LedgerExport.objects.create(
        requested_by=supervisor, as_of=TODAY, created_at=NOW, status=LedgerExport.Status.FAILED
    )
    running = LedgerExport.objects.create(requested_by=supervisor, as_of=TODAY, created_at=NOW)
    assert ledger.retry_export(export=failed, user=supervisor, now=NOW).pk == running.pk
    failed.refresh_from_db()
    assert failed.status == LedgerExport.Status.FAILED


@pytest.mark.django_db
def test_other_users_are_not_held_up(supervisor, leader):
    mine = ledger.request_export(user=supervisor, filters=AssignmentFilters(), now=NOW, today=TODAY)
    theirs = ledger.request_export(user=leader, filters=AssignmentFilters(), now=NOW, today=TODAY)
    assert mine.pk != theirs.pk
