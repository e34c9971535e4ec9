"""A .docx or .pdf is read by the worker, never in the web request, within a size cap and a
time limit; the upload page shows progress, then the speeches or the Chinese reason."""

import io
import os
import zipfile

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app as celery_app
from speeches import tasks
from speeches.importers import ImportRejected, read_document
from speeches.importers.errors import DOCX_BOMB
from speeches.models import Speech, SpeechUpload
from speeches.services import imports, uploads
from tests.speeches.fixtures_build import build_docx

PARAGRAPHS = ["在全县工作会议上的讲话", "2026年3月5日", "各乡镇要在年底前完成村级活动场所建设。"]


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, kwargs: messages.append((name, kwargs))
    )
    return messages


def docx_upload(data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("讲话.docx", data or build_docx(PARAGRAPHS))


@pytest.mark.django_db
def test_the_request_stores_the_file_and_queues_it_without_parsing(
    client, supervisor, sent, monkeypatch, django_capture_on_commit_callbacks
):
    def no_parsing_here(*args, **kwargs):
        raise AssertionError("parsed in the request")

    monkeypatch.setattr(imports, "read_document", no_parsing_here)
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("speeches:speech-import"), {"file": docx_upload()})
    upload = SpeechUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("speeches:upload-status", args=[upload.pk])
    assert upload.state == SpeechUpload.State.QUEUED and upload.file
    assert sent == [("speeches.tasks.parse_upload", {"upload_id": upload.pk})]
    assert not Speech.objects.exists()

    page = client.get(reverse("speeches:upload-status", args=[upload.pk]))
    assert "后台正在识别" in page.text and 'hx-trigger="every 2s"' in page.text


@pytest.mark.django_db
def test_the_worker_reads_the_upload_and_the_page_shows_the_speech(client, supervisor, sent):
    client.force_login(supervisor)
    client.post(reverse("speeches:speech-import"), {"file": docx_upload()})
    upload = SpeechUpload.objects.get()

    assert tasks.parse_upload(upload.pk) == SpeechUpload.State.DONE
    speech = Speech.objects.get()
    upload.refresh_from_db()
    assert upload.created_speeches == [speech.pk] and not upload.file  # the speech keeps its copy
    assert speech.source_file

    page = client.get(
        reverse("speeches:upload-status", args=[upload.pk]), headers={"HX-Request": "true"}
    )
    assert speech.get_absolute_url() in page.text
    assert "hx-trigger" not in page.text  # finished: no more polling
    assert tasks.parse_upload(upload.pk) == SpeechUpload.State.DONE  # a redelivery is a no-op
    assert Speech.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_file_fails_with_the_importers_chinese_message(client, supervisor, sent):
    client.force_login(supervisor)
    client.post(reverse("speeches:speech-import"), {"file": docx_upload(b"PK\x03\x04 broken")})
    upload = SpeechUpload.objects.get()
    tasks.parse_upload(upload.pk)
    upload.refresh_from_db()
    assert upload.state == SpeechUpload.State.FAILED
    page = client.get(reverse("speeches:upload-status", args=[upload.pk]))
    assert upload.error in page.text and "Word 文件已损坏" in upload.error


@pytest.mark.django_db
def test_a_parse_past_the_time_limit_fails_with_a_chinese_message(supervisor, sent, monkeypatch):
    upload = uploads.accept_upload(
        data=build_docx(PARAGRAPHS), filename="慢.docx", imported_by=supervisor, now=_now()
    )

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(imports, "import_document", too_slow)
    assert tasks.parse_upload(upload.pk) == SpeechUpload.State.FAILED
    upload.refresh_from_db()
    assert upload.error == uploads.too_slow_message()
    assert tasks.parse_upload.soft_time_limit and tasks.parse_upload.time_limit


@pytest.mark.django_db
def test_a_worker_killed_mid_parse_leaves_an_upload_the_sweep_fails(supervisor, sent):
    from datetime import timedelta

    upload = uploads.accept_upload(
        data=build_docx(PARAGRAPHS), filename="a.docx", imported_by=supervisor, now=_now()
    )
    SpeechUpload.objects.filter(pk=upload.pk).update(
        state=SpeechUpload.State.PARSING, started_at=_now() - timedelta(hours=1)
    )
    assert uploads.sweep_stuck_uploads(now=_now()) == 1
    upload.refresh_from_db()
    assert upload.state == SpeechUpload.State.FAILED


def _now():
    from django.utils import timezone

    return timezone.now()


def _inflating_docx(body_bytes: int) -> bytes:
    """A .docx whose body inflates to ``body_bytes`` at about 4:1 (under the ratio check)."""
    alphabet = bytes.maketrans(bytes(range(256)), b"abcd" * 64)
    body = os.urandom(body_bytes).translate(alphabet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def test_a_docx_whose_body_inflates_past_the_cap_is_refused_before_parsing():
    data = _inflating_docx(20 * 1024 * 1024)  # 20 MB of XML: a few MB on the wire
    assert len(data) < 10 * 1024 * 1024
    with pytest.raises(ImportRejected) as refused:
        read_document(data, "bomb.docx")
    assert refused.value.message == DOCX_BOMB


@pytest.mark.django_db
def test_the_admins_upload_is_read_by_the_worker_too(admin_client, sent, monkeypatch):
    def no_parsing_here(*args, **kwargs):
        raise AssertionError("parsed in the request")

    monkeypatch.setattr(imports, "read_document", no_parsing_here)
    response = admin_client.post(reverse("admin:speeches_import"), {"file": docx_upload()})
    upload = SpeechUpload.objects.get()
    assert response["Location"] == reverse("speeches:upload-status", args=[upload.pk])
    assert not Speech.objects.exists()
