"""After a broker outage the periodic sweep queues again what was accepted and never started:
speech extraction and ledger exports; a second message for finished work changes nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from speeches.models import Speech
from speeches.tasks import extract_directives
from tests.factories import DirectiveFactory, SpeechFactory
from tracker import tasks
from tracker.management.commands.setup_schedules import REQUEUE_SWEEP
from tracker.models import LedgerExport
from tracker.services import ledger


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, kwargs: messages.append((name, kwargs))
    )
    return messages


@pytest.mark.django_db
def test_the_sweep_requeues_extraction_and_exports_that_never_started(
    sent, supervisor, leader, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost = SpeechFactory(state=Speech.State.IMPORTED, imported_at=now - timedelta(minutes=30))
    SpeechFactory(state=Speech.State.IMPORTED, imported_at=now - timedelta(minutes=1))  # fresh
    SpeechFactory(
        state=Speech.State.IMPORTED, delivered_on=None, imported_at=now - timedelta(hours=1)
    )
    SpeechFactory(state=Speech.State.READY, imported_at=now - timedelta(hours=1))
    stuck = LedgerExport.objects.create(
        requested_by=supervisor, as_of=now.date(), created_at=now - timedelta(minutes=30)
    )
    LedgerExport.objects.create(requested_by=leader, as_of=now.date(), created_at=now)  # fresh

    with django_capture_on_commit_callbacks(execute=True):
        counts = tasks.requeue_unstarted_work()

    assert counts == {
        "extractions": 1, "exports": 1, "abandoned_exports": 0, "bulletins": 0,
        "abandoned_bulletins": 0, "uploads": 0,
    }  # fmt: skip
    assert sorted(sent) == [
        ("speeches.tasks.extract_directives", {"speech_id": lost.pk}),
        ("tracker.tasks.build_ledger_export", {"export_id": stuck.pk}),
    ]
    stuck.refresh_from_db()
    assert stuck.status == LedgerExport.Status.QUEUED and stuck.created_at > now - timedelta(
        minutes=1
    )


@pytest.mark.django_db
def test_a_second_extraction_message_leaves_a_reviewed_speech_alone():
    speech = SpeechFactory(state=Speech.State.READY)
    candidate = DirectiveFactory(speech=speech)
    assert extract_directives(speech.pk) == 1
    assert speech.directives.get().pk == candidate.pk


@pytest.mark.django_db
def test_setup_schedules_runs_the_sweep_every_ten_minutes():
    call_command("setup_schedules")
    sweep = PeriodicTask.objects.select_related("crontab").get(name=REQUEUE_SWEEP)
    assert (sweep.task, sweep.crontab.minute) == ("tracker.tasks.requeue_unstarted_work", "*/10")
    assert sweep.expire_seconds < 600


@pytest.mark.django_db
def test_an_export_left_running_by_a_build_that_died_is_marked_failed_and_retryable(
    sent, supervisor
):
    now = timezone.now()
    export = LedgerExport.objects.create(
        requested_by=supervisor,
        as_of=now.date(),
        created_at=now - timedelta(hours=1),
        status=LedgerExport.Status.RUNNING,
    )
    assert tasks.requeue_unstarted_work()["abandoned_exports"] == 1
    export.refresh_from_db()
    assert export.status == LedgerExport.Status.FAILED
    assert ledger.may_retry(export, now=now)


@pytest.mark.django_db
def test_the_sweep_requeues_a_bulletin_draft_that_never_started_and_fails_an_abandoned_one(
    sent, supervisor, django_capture_on_commit_callbacks
):
    from datetime import date

    from tracker.models import Bulletin
    from tracker.services.documents import bulletins

    now = timezone.now()
    period = {"period_start": date(2026, 11, 23), "period_end": date(2026, 11, 29)}
    lost = Bulletin.objects.create(
        **period, period_label="2026年第48周", created_at=now - timedelta(minutes=30)
    )
    Bulletin.objects.create(**period, period_label="2026年第48周", created_at=now)  # fresh
    died = Bulletin.objects.create(
        **period, period_label="2026年第48周", created_at=now - timedelta(hours=1),
        status=Bulletin.Status.RUNNING,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        counts = tasks.requeue_unstarted_work()

    assert (counts["bulletins"], counts["abandoned_bulletins"]) == (1, 1)
    assert ("tracker.tasks.build_bulletin", {"bulletin_id": lost.pk}) in sent
    died.refresh_from_db()
    assert died.status == Bulletin.Status.FAILED and died.error == bulletins.BUILD_FAILED
    assert bulletins.may_retry(died, now=now)
