from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from speeches.forms import CHOOSE_ONE_SOURCE, FILE_TOO_LARGE
from speeches.models import Speech
from speeches.services import imports
from speeches.views import imports as views
from speeches.views import review_page
from tests.speeches.conftest import sample_bytes


@pytest.mark.django_db
def test_supervisor_uploads_a_file_through_htmx_and_sees_it_being_extracted(client, supervisor):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("speech.txt", sample_bytes("000"), content_type="text/plain")
    response = client.post(
        reverse("speeches:speech-import"), {"file": upload}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    speech = Speech.objects.get()
    assert response.text.lstrip().startswith('<section id="import-panel"')
    assert speech.get_absolute_url() in response.text
    assert 'hx-trigger="every 1s"' in response.text  # the state badge polls until ready


@pytest.mark.django_db
def test_file_over_the_limit_is_refused_with_the_limit_in_the_message(client, supervisor, settings):
    client.force_login(supervisor)
    big = SimpleUploadedFile("big.txt", b"a" * (50 * 1024 * 1024), content_type="text/plain")
    response = client.post(reverse("speeches:speech-import"), {"file": big})
    assert response.status_code == 200
    assert FILE_TOO_LARGE.format(limit=settings.LUOSHI_MAX_UPLOAD_MB) in response.text
    assert Speech.objects.count() == 0


@pytest.mark.django_db
def test_form_needs_exactly_one_source(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("speeches:speech-import"), {"text": ""})
    assert CHOOSE_ONE_SOURCE in response.text


@pytest.mark.django_db
def test_pasted_text_without_a_date_is_imported_and_its_review_page_asks_for_the_date(
    client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("speeches:speech-import"),
            {"text": "在全县会议上的讲话\n\n各乡镇要在年底前完成村级活动场所建设。"},
        )
    speech = Speech.objects.get()
    assert speech.needs_date and callbacks == []  # nothing to extract against yet
    assert response["Location"] == reverse("speeches:speech-review", args=[speech.pk])
    page = client.get(response["Location"])
    assert views.IMPORTED_WITHOUT_DATE.format(title="在全县会议上的讲话") in page.text
    assert review_page.NEEDS_DATE in page.text
    assert reverse("speeches:speech-facts", args=[speech.pk]) in page.text

    client.post(
        reverse("speeches:speech-import"),
        {"text": "在全县会议上的讲话\n\n各乡镇要在年底前完成整改。", "delivered_on": "2024-03-05"},
    )
    assert Speech.objects.get(text__contains="整改").delivered_on == date(2024, 3, 5)


@pytest.mark.django_db
def test_speech_page_shows_html_escaped(client, supervisor):
    (speech,) = imports.import_pasted_text(
        text="在全县会议上的讲话\n\n<script>alert(1)</script>各乡镇要在年底前完成建设。",
        imported_by=supervisor,
        now=datetime(2024, 1, 1, tzinfo=UTC),
        delivered_on=date(2024, 3, 5),
    ).created
    client.force_login(supervisor)
    page = client.get(speech.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_roles_that_may_not_import_are_refused(client, leader, town_a_staff):
    client.force_login(leader)
    assert client.get(reverse("speeches:speech-list")).status_code == 200
    assert client.get(reverse("speeches:speech-import")).status_code == 403
    client.force_login(town_a_staff)
    assert client.get(reverse("speeches:speech-list")).status_code == 403
    upload = SimpleUploadedFile("speech.txt", sample_bytes("000"))
    assert client.post(reverse("speeches:speech-import"), {"file": upload}).status_code == 403
    assert Speech.objects.count() == 0


@pytest.mark.django_db
def test_original_file_downloads_byte_for_byte_for_readers_only(
    client, supervisor, leader, town_a_staff
):
    data = sample_bytes("000")
    client.force_login(supervisor)
    client.post(reverse("speeches:speech-import"), {"file": SimpleUploadedFile("s.txt", data)})
    speech = Speech.objects.get()
    url = reverse("speeches:speech-source", args=[speech.pk])
    client.force_login(leader)
    assert b"".join(client.get(url).streaming_content) == data
    client.force_login(town_a_staff)
    assert client.get(url).status_code == 403
