"""Uploaded .docx and .pdf files are read by the Celery worker, never in the web request.

A hostile file can inflate far beyond its upload size (a 20 MB .docx claiming 252 MB of XML
held a web process for 83 s and 1.4 GB). The request stores the file as a ``SpeechUpload``
and queues ``parse_upload``; the worker reads it under a time limit (``LUOSHI_PARSE_SECONDS``)
with the importers' size caps, and the upload page polls for the result. Plain text and
pasted text stay in the request: decoding is linear in the size the form already limits.
"""

import logging
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from speeches.importers import ImportRejected
from speeches.models import Speech, SpeechUpload
from speeches.services import imports

logger = logging.getLogger(__name__)

PARSE_TASK = "speeches.tasks.parse_upload"
WORKER_FORMATS = (".docx", ".pdf")
PARSE_TOO_SLOW = (
    "文件在 {seconds} 秒内未能读完（内容异常或过于复杂），请另存为 .txt 或拆分后重新上传"
)
PARSE_FAILED = "读取文件时出错，请重新上传；如仍失败请联系管理员"
# A job still queued this long lost its broker message; one still parsing lost its worker.
STUCK_AFTER = timedelta(minutes=10)


def parses_in_worker(filename: str) -> bool:
    return filename.lower().endswith(WORKER_FORMATS)


def accept_upload(
    *,
    data: bytes,
    filename: str,
    imported_by: User,
    now: datetime,
    delivered_on=None,
    title: str = "",
    area: Unit | None = None,
) -> SpeechUpload:
    """Store the file and queue its reading; nothing is parsed here."""
    policy.require(imported_by, Action.IMPORT_SPEECH)
    with transaction.atomic():
        upload = SpeechUpload(
            filename=filename[:255],
            uploaded_by=imported_by,
            delivered_on=delivered_on,
            title=title,
            area=area,
            created_at=now,
        )
        suffix = filename.lower().rsplit(".", 1)[-1]
        upload.file.save(f"upload.{suffix}", ContentFile(data), save=False)
        upload.save()
        enqueue_on_commit(PARSE_TASK, upload_id=upload.pk)
    return upload


def parse_upload(*, upload_id: int, now: datetime) -> SpeechUpload | None:
    """Read a queued upload once into speeches (compare-and-set on its state); a bad file ends
    FAILED with the importer's Chinese message."""
    claimed = SpeechUpload.objects.filter(pk=upload_id, state=SpeechUpload.State.QUEUED).update(
        state=SpeechUpload.State.PARSING, started_at=now
    )
    upload = SpeechUpload.objects.select_related("uploaded_by", "area").filter(pk=upload_id).first()
    if upload is None:
        logger.warning("speech upload %s no longer exists", upload_id)
        return None
    if not claimed:
        return upload
    try:
        with upload.file.open("rb") as handle:
            data = handle.read()
        outcome = imports.import_document(
            data=data,
            filename=upload.filename,
            imported_by=upload.uploaded_by,
            now=now,
            delivered_on=upload.delivered_on,
            title=upload.title,
            area=upload.area,
            allow_missing_date=True,
        )
    except ImportRejected as exc:
        return fail_upload(upload_id=upload_id, message=exc.message, now=now)
    except OperationalError:
        SpeechUpload.objects.filter(pk=upload_id).update(state=SpeechUpload.State.QUEUED)
        raise  # the database went away: the task retries
    except SoftTimeLimitExceeded:
        raise  # the task records it as too slow
    except Exception:
        logger.exception("speech upload %s could not be read", upload_id)
        return fail_upload(upload_id=upload_id, message=PARSE_FAILED, now=now)
    SpeechUpload.objects.filter(pk=upload_id).update(
        state=SpeechUpload.State.DONE,
        created_speeches=[speech.pk for speech in outcome.created],
        duplicate_speeches=[speech.pk for speech in outcome.duplicates],
        finished_at=now,
    )
    _discard_file(upload)  # the speech keeps its own copy of the original
    upload.refresh_from_db()
    return upload


def fail_upload(*, upload_id: int, message: str, now: datetime) -> SpeechUpload | None:
    SpeechUpload.objects.filter(pk=upload_id).exclude(state=SpeechUpload.State.DONE).update(
        state=SpeechUpload.State.FAILED, error=message, finished_at=now
    )
    upload = SpeechUpload.objects.filter(pk=upload_id).first()
    if upload is not None:
        _discard_file(upload)
    return upload


def too_slow_message() -> str:
    return PARSE_TOO_SLOW.format(seconds=settings.LUOSHI_PARSE_SECONDS)


def _discard_file(upload: SpeechUpload) -> None:
    if upload.file:
        upload.file.delete(save=False)
        SpeechUpload.objects.filter(pk=upload.pk).update(file="")


def outcome_of(upload: SpeechUpload) -> imports.ImportOutcome:
    """The speeches the upload created and those it found already imported."""
    speeches = Speech.objects.in_bulk(upload.created_speeches + upload.duplicate_speeches)
    return imports.ImportOutcome(
        created=[speeches[pk] for pk in upload.created_speeches if pk in speeches],
        duplicates=[speeches[pk] for pk in upload.duplicate_speeches if pk in speeches],
    )


def sweep_stuck_uploads(*, now: datetime) -> int:
    """Queue again uploads whose message was lost; fail those whose worker died mid-parse
    (killed past the hard time limit). Returns how many were touched."""
    old = now - STUCK_AFTER
    lost = list(
        SpeechUpload.objects.filter(
            state=SpeechUpload.State.QUEUED, created_at__lt=old
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        for upload_id in lost:
            enqueue_on_commit(PARSE_TASK, upload_id=upload_id)
    dead = SpeechUpload.objects.filter(state=SpeechUpload.State.PARSING, started_at__lt=old)
    died = dead.update(state=SpeechUpload.State.FAILED, error=too_slow_message(), finished_at=now)
    return len(lost) + died
