"""Hostile filter values (a NUL byte, other control characters, overlong text) give a Chinese
form error, never an HTTP 500, and an export asked for with one is built, not stuck."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.tracker.ledger_data import NOW
from tracker import filters as filter_module
from tracker.models import LedgerExport
from tracker.services import ledger

HOSTILE = ["a\x00b", "\x00", "x\x01y", "9" * 30, "1" * 5000]
PARAMS = ["q", "speech", "kind", "state", "due", "from", "to", "sort", "page", "edit"]


def page_urls(town_a, speech_pk=None):
    return [
        reverse("tracker:dashboard"),
        reverse("tracker:ledger-print"),
        reverse("tracker:unit-ledger-print", args=[town_a.pk]),
        reverse("tracker:unit-list"),
        reverse("tracker:unit-page", args=[town_a.pk]),
        reverse("tracker:my-tasks"),
        reverse("tracker:notification-list"),
        reverse("speeches:speech-list"),
        "/admin/tracker/user/",
        "/admin/tracker/unit/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", HOSTILE, ids=["nul-inside", "nul", "control", "huge-number", "long"]
)
def test_no_filter_value_gives_a_server_error(admin_user, town_a, value):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    errors = []
    for url in page_urls(town_a):
        for param in PARAMS:
            query = {param: value, "due": "custom"} if param in ("from", "to") else {param: value}
            response = client.get(url, query)
            if response.status_code >= 500:
                errors.append((url, param))
    assert not errors, errors


@pytest.mark.django_db
def test_a_nul_byte_in_the_search_is_a_chinese_form_error(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("tracker:dashboard"), {"q": "青石\x00镇"})
    assert response.status_code == 200
    assert filter_module.BAD_TEXT in response.text


@pytest.mark.django_db
def test_a_nul_byte_in_the_unit_search_is_a_chinese_form_error(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("tracker:unit-list"), {"q": "青石\x00镇"})
    assert response.status_code == 200
    assert filter_module.BAD_TEXT in response.text


@pytest.mark.django_db
def test_an_export_asked_for_with_a_nul_byte_is_built(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("tracker:ledger-export") + "?q=%00&kind=%00")
    assert response.status_code == 302
    export = LedgerExport.objects.get()
    assert "\x00" not in export.query
    export = ledger.build_export(export_id=export.pk, now=NOW)
    assert export.status == LedgerExport.Status.DONE


@pytest.mark.django_db
def test_an_export_whose_build_fails_is_marked_failed_not_left_running(supervisor):
    export = LedgerExport.objects.create(
        requested_by=supervisor, query="q=%00", as_of=NOW.date(), created_at=NOW
    )
    export = ledger.build_export(export_id=export.pk, now=NOW)
    assert export.status in (LedgerExport.Status.DONE, LedgerExport.Status.FAILED)
