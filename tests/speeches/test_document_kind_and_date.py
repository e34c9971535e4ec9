"""The document kind is detected at import, shown and editable; a document without a date is
imported anyway and its deadlines resolve once the reviewer gives the date."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from speeches.extraction.kinds import DocumentKind
from speeches.importers import EMPTY_FILE, UNDECODABLE_TEXT, UNSUPPORTED_FILE_TYPE
from speeches.models import Speech
from speeches.services import imports
from speeches.views import review_page
from tests.factories import SpeechFactory

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
HX = {"HX-Request": "true"}
NOTICE = (
    "白沙县农业农村局\n"
    "关于做好2026年高标准农田建设项目\n"
    "前期工作的通知\n"
    "白农发〔2026〕3号\n"
    "各乡镇人民政府，县直有关单位：\n"
    "各乡镇要在年底前完成项目区选址。\n"
)
NEWS = (
    "首页 > 政务公开 > 工作动态 > 县内要闻\n"
    "赤岭县召开2016年防汛抗旱工作会议\n"
    "来源:赤岭县水务局\n"
    "5月17日上午,赤岭县召开2016年防汛抗旱工作会议。\n"
    "会议要求,各乡镇要在6月底前完成隐患排查。\n"
)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.mark.django_db
def test_the_kind_is_detected_from_the_cleaned_text_at_import(supervisor):
    (notice,) = imports.import_pasted_text(
        text=NOTICE, imported_by=supervisor, now=NOW, allow_missing_date=True
    ).created
    (speech,) = imports.import_pasted_text(
        text="在全县工作会议上的讲话\n同志们：\n各乡镇要在年底前完成整改。",
        imported_by=supervisor,
        now=NOW,
        delivered_on=date(2026, 3, 1),
    ).created
    assert notice.kind == DocumentKind.NOTICE
    assert speech.kind == DocumentKind.SPEECH
    notice.refresh_from_db()
    assert notice.get_kind_display() == "通知"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "title"),
    [
        (NOTICE, "白沙县农业农村局关于做好2026年高标准农田建设项目前期工作的通知"),
        (NEWS, "赤岭县召开2016年防汛抗旱工作会议"),
        ("各乡镇要在年底前完成整改，确保取得实效。", "各乡镇要在年底前完成整改，确保取得实效"),
    ],
)
def test_the_title_comes_from_the_text_not_the_file_name(client, supervisor, text, title):
    client.force_login(supervisor)
    client.post(
        reverse("speeches:speech-import"), {"file": upload("新建文本文档.txt", text.encode())}
    )
    assert Speech.objects.get().title == title


@pytest.mark.django_db
def test_the_kind_is_shown_and_the_supervisor_changes_it_on_the_speech_page(client, supervisor):
    speech = SpeechFactory(kind=DocumentKind.SPEECH)
    client.force_login(supervisor)
    assert '<span class="badge kind">讲话</span>' in client.get(speech.get_absolute_url()).text
    response = client.post(
        reverse("speeches:speech-edit", args=[speech.pk]),
        {"title": speech.title, "kind": DocumentKind.PLAN, "delivered_on": "2024-03-05"},
    )
    assert response.status_code == 302
    speech.refresh_from_db()
    assert speech.kind == DocumentKind.PLAN
    review_html = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert '<span class="badge kind">方案</span>' in review_html


@pytest.mark.django_db
def test_changing_the_kind_on_the_review_page_stores_it_and_re_extracts_nothing(
    client, supervisor, django_capture_on_commit_callbacks
):
    speech = SpeechFactory(kind=DocumentKind.SPEECH)
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("speeches:speech-facts", args=[speech.pk]),
            {"kind": DocumentKind.MINUTES, "delivered_on": "2024-03-05"},
            headers=HX,
        )
    assert callbacks == []
    assert response.text.lstrip().startswith('<section id="speech-facts"')
    assert review_page.KIND_CHANGED.format(label="会议纪要") in response.text
    speech.refresh_from_db()
    assert speech.kind == DocumentKind.MINUTES


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_and_nothing_changes(client, supervisor):
    speech = SpeechFactory(kind=DocumentKind.SPEECH)
    client.force_login(supervisor)
    response = client.post(
        reverse("speeches:speech-facts", args=[speech.pk]),
        {"kind": "poem", "delivered_on": "2024-03-05"},
        headers=HX,
    )
    assert response.status_code == 200 and 'class="field-error"' in response.text
    speech.refresh_from_db()
    assert speech.kind == DocumentKind.SPEECH
    with pytest.raises(imports.ImportRejected, match=imports.KIND_INVALID):
        imports.set_document_facts(
            speech=speech, edited_by=supervisor, kind="poem", delivered_on=None
        )


@pytest.mark.django_db
def test_a_dateless_upload_waits_for_its_date_then_the_deadlines_resolve(
    client, supervisor, district, town_a, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    client.post(
        reverse("speeches:speech-import"),
        {"file": upload("news.txt", NEWS.encode()), "area": district.pk},
    )
    speech = Speech.objects.get()
    assert speech.needs_date and speech.state == Speech.State.IMPORTED
    page = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert page.count(review_page.NEEDS_DATE) == 2  # above the form, and where rows would be
    assert "保存并开始提取" in page

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("speeches:speech-facts", args=[speech.pk]),
            {"kind": speech.kind, "delivered_on": "2016-05-17"},
            headers=HX,
        )
    assert response["HX-Refresh"] == "true"  # the page now waits for the candidates
    assert len(callbacks) == 1
    speech.refresh_from_db()
    assert speech.delivered_on == date(2016, 5, 17)
    waiting = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert review_page.WAITING in waiting and "?reload=1" in waiting

    imports.extract_speech(speech=speech, now=NOW)  # what the queued job does
    candidate = speech.directives.get(quote__contains="隐患排查")
    assert candidate.deadline == date(2016, 6, 30)
    state = client.get(reverse("speeches:speech-state", args=[speech.pk]) + "?reload=1", headers=HX)
    assert state["HX-Refresh"] == "true"  # the waiting review page reloads with its candidates


@pytest.mark.django_db
def test_the_date_form_without_a_date_says_so_and_starts_nothing(
    client, supervisor, django_capture_on_commit_callbacks
):
    speech = SpeechFactory(delivered_on=None, state=Speech.State.IMPORTED)
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("speeches:speech-facts", args=[speech.pk]),
            {"kind": speech.kind, "delivered_on": ""},
            headers=HX,
        )
    assert callbacks == [] and 'class="field-error"' in response.text
    speech.refresh_from_db()
    assert speech.needs_date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("gbk.txt", bytes(range(0x80, 0x100)) * 40, UNDECODABLE_TEXT),
        ("empty.txt", b" \r\n\t\n", EMPTY_FILE),
        ("photo.jpg", b"\xff\xd8\xff\xe0JFIF", UNSUPPORTED_FILE_TYPE),
    ],
)
def test_bad_files_are_still_refused_with_their_message(client, supervisor, name, data, message):
    client.force_login(supervisor)
    response = client.post(reverse("speeches:speech-import"), {"file": upload(name, data)})
    assert response.status_code == 200
    assert message in response.text
    assert Speech.objects.count() == 0


@pytest.mark.django_db
def test_a_gbk_file_without_a_date_is_imported_with_its_title(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("speeches:speech-import"), {"file": upload("n.txt", NOTICE.encode("gbk"))})
    speech = Speech.objects.get()
    assert speech.source_encoding == "gb18030"
    assert speech.title.endswith("前期工作的通知") and speech.needs_date


@pytest.mark.django_db
def test_a_changed_date_on_an_extracted_document_says_the_deadlines_keep_the_old_one(
    client, supervisor, django_capture_on_commit_callbacks
):
    speech = SpeechFactory(delivered_on=date(2024, 3, 5))
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("speeches:speech-facts", args=[speech.pk]),
            {"kind": speech.kind, "delivered_on": "2024-04-01"},
            headers=HX,
        )
    assert review_page.DATE_CHANGED in response.text and callbacks == []
    speech.refresh_from_db()
    assert speech.delivered_on == date(2024, 4, 1)
