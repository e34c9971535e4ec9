import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def extract_directives(speech_id: int) -> int:
    """Run the extractor on a speech; returns the number of candidates it now has."""
    from speeches.models import Speech
    from speeches.services.imports import extract_speech

    speech = Speech.objects.filter(pk=speech_id).first()
    if speech is None:
        logger.warning("extract_directives: speech %s no longer exists", speech_id)
        return 0
    if speech.state in (Speech.State.READY, Speech.State.FAILED):
        # A second message (the sweep re-queued it while the first waited) must not replace
        # the candidates a reviewer may already be working on; a re-run sets IMPORTED first.
        return speech.directives.count()
    speech = extract_speech(speech=speech, now=timezone.now())
    return speech.directives.count()


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=settings.LUOSHI_PARSE_SECONDS,
    time_limit=settings.LUOSHI_PARSE_SECONDS + 30,
)
def parse_upload(upload_id: int) -> str:
    """Read one uploaded .docx or .pdf into speeches, within the parse time limit."""
    from speeches.services import uploads

    try:
        upload = uploads.parse_upload(upload_id=upload_id, now=timezone.now())
    except SoftTimeLimitExceeded:
        upload = uploads.fail_upload(
            upload_id=upload_id, message=uploads.too_slow_message(), now=timezone.now()
        )
    return upload.state if upload is not None else "missing"
