"""Import hands the extraction to a real Celery worker over the real Redis broker."""

from datetime import date

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from speeches.models import Speech
from speeches.services import imports
from tests.speeches.conftest import sample_bytes, sample_name
from tests.workers import running_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker_thread():
    with running_worker():
        yield


def test_imported_speech_is_extracted_by_the_worker(supervisor, celery_worker_thread):
    outcome = imports.import_document(
        data=sample_bytes("000"),
        filename=sample_name("000"),
        imported_by=supervisor,
        now=timezone.now(),
    )
    (speech,) = outcome.created
    wait_for(lambda: Speech.objects.get(pk=speech.pk).state == Speech.State.READY)
    speech.refresh_from_db()
    assert speech.directives.count() > 10
    assert speech.extracted_at is not None
    for directive in speech.directives.all():
        assert speech.text[directive.start : directive.end] == directive.quote


def test_import_succeeds_while_the_broker_is_down_and_extraction_can_be_requested_later(
    supervisor, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(celery_app, "send_task", broker_down)
        outcome = imports.import_pasted_text(
            text="在全县会议上的讲话\n\n各乡镇要在年底前完成村级活动场所建设。",
            imported_by=supervisor,
            now=timezone.now(),
            delivered_on=date(2024, 3, 5),
        )
    (speech,) = outcome.created
    assert Speech.objects.get(pk=speech.pk).state == Speech.State.IMPORTED

    with running_worker():
        imports.request_extraction(speech=speech, requested_by=supervisor)
        wait_for(lambda: Speech.objects.get(pk=speech.pk).state == Speech.State.READY)
