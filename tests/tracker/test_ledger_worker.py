"""A ledger export requested in the browser is built by a real Celery worker over Redis."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.tracker.ledger_data import build_ledger_data
from tests.workers import running_worker, wait_for
from tracker.models import Assignment, LedgerExport

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker_thread():
    with running_worker():
        yield


def test_worker_builds_the_requested_export_and_the_page_offers_the_download(
    client, supervisor, town_a, town_b, celery_worker_thread
):
    build_ledger_data(town_a, town_b)
    client.force_login(supervisor)

    response = client.post(reverse("tracker:ledger-export") + "?kind=township")
    export = LedgerExport.objects.get()
    wait_for(lambda: LedgerExport.objects.get(pk=export.pk).status == LedgerExport.Status.DONE)

    page = client.get(response["Location"])
    assert reverse("tracker:ledger-export-download", args=[export.pk]) in page.text
    download = client.get(reverse("tracker:ledger-export-download", args=[export.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == Assignment.objects.filter(unit__kind="township").count() == 3
