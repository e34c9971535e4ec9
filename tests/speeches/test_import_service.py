from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from directory.models import Unit
from speeches.importers import ImportRejected
from speeches.models import Directive, Speech
from speeches.services import imports
from tests.factories import UnitAliasFactory, UnitFactory
from tests.speeches.conftest import sample_bytes, sample_name

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_import_stores_speech_with_title_date_and_original_and_queues_extraction(
    supervisor, settings, django_capture_on_commit_callbacks
):
    data = sample_bytes("000")
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = imports.import_document(
            data=data, filename=sample_name("000"), imported_by=supervisor, now=NOW
        )
    (speech,) = outcome.created
    assert speech.title == "在全区基层党建工作会议上的讲话"
    assert speech.delivered_on == date(2010, 2, 4)
    assert speech.state == Speech.State.IMPORTED
    assert speech.source_file.read() == data  # the original, byte for byte
    assert len(callbacks) == 1  # the extraction job, sent only after commit


@pytest.mark.django_db
def test_importing_the_same_speech_again_creates_nothing_and_names_the_existing_one(
    supervisor, settings
):
    first = imports.import_document(
        data=sample_bytes("000"), filename="a.txt", imported_by=supervisor, now=NOW
    )
    gbk = sample_bytes("000").decode("utf-8-sig").encode("gb18030")
    again = imports.import_document(data=gbk, filename="b.txt", imported_by=supervisor, now=NOW)
    assert again.created == []
    assert again.duplicates == first.created
    assert Speech.objects.count() == 1
    (message,) = again.duplicate_messages()
    assert message == imports.DUPLICATE_SPEECH.format(
        title="在全区基层党建工作会议上的讲话", pk=first.created[0].pk
    )
    assert len(stored_files(settings)) == 1


@pytest.mark.django_db
def test_collection_becomes_one_speech_each_sharing_the_original(supervisor):
    outcome = imports.import_document(
        data=sample_bytes("002"),
        filename=sample_name("002"),
        imported_by=supervisor,
        now=NOW,
        delivered_on=date(2023, 2, 15),
    )
    assert len(outcome.created) == 10
    assert [s.position for s in outcome.created] == list(range(1, 11))
    assert len({s.title for s in outcome.created}) == 10
    assert len({s.source_file.name for s in outcome.created}) == 1


@pytest.mark.django_db
def test_collection_imports_whole_or_not_at_all(supervisor, settings, monkeypatch):
    original_save = Speech.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Speech, "save", failing_save)
    with pytest.raises(RuntimeError):
        imports.import_document(
            data=sample_bytes("002"),
            filename="c.txt",
            imported_by=supervisor,
            now=NOW,
            delivered_on=date(2023, 2, 15),
        )
    assert Speech.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "empty.txt"),
        (b"\x00\x01\x02\xff" * 500, "garbage.txt"),
        (b"PK\x03\x04broken", "broken.docx"),
        ("讲话".encode(), "speech.exe"),
        ("讲话".encode(), "noextension"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_change_nothing(
    supervisor, settings, data, filename
):
    with pytest.raises(ImportRejected) as excinfo:
        imports.import_document(
            data=data,
            filename=filename,
            imported_by=supervisor,
            now=NOW,
            delivered_on=date(2024, 1, 1),
        )
    assert excinfo.value.message  # a Chinese sentence for the user
    assert any("\u4e00" <= ch <= "\u9fff" for ch in excinfo.value.message)
    assert Speech.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_speech_without_a_date_is_refused_unless_allowed_and_then_waits(
    supervisor, django_capture_on_commit_callbacks
):
    text = "在全县工作会议上的讲话\n\n同志们：\n各乡镇要在年底前完成村级活动场所建设。\n"
    with pytest.raises(imports.DateRequired):
        imports.import_pasted_text(text=text, imported_by=supervisor, now=NOW)
    assert Speech.objects.count() == 0

    with django_capture_on_commit_callbacks() as callbacks:
        outcome = imports.import_pasted_text(
            text=text, imported_by=supervisor, now=NOW, allow_missing_date=True
        )
    (speech,) = outcome.created
    assert speech.needs_date and callbacks == []

    with django_capture_on_commit_callbacks() as callbacks:
        imports.update_speech(
            speech=speech,
            edited_by=supervisor,
            title=speech.title,
            speaker="",
            delivered_on=date(2024, 3, 5),
            area=None,
        )
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_html_in_a_speech_is_kept_as_text(supervisor):
    text = "在全县会议上的讲话\n\n<script>alert('x')</script>各乡镇要在年底前完成<b>建设</b>。\n"
    (speech,) = imports.import_pasted_text(
        text=text, imported_by=supervisor, now=NOW, delivered_on=date(2024, 3, 5)
    ).created
    assert "<script>alert('x')</script>" in speech.text


@pytest.mark.django_db
def test_extraction_stores_candidates_with_units_matched_and_group_words_expanded(
    supervisor, district, town_a, town_b
):
    org = UnitFactory(
        name="测试区委组织部", short_name="区委组织部", kind=Unit.Kind.DEPARTMENT, parent=district
    )
    UnitAliasFactory(unit=org, name="组织部门")
    text = (
        "在全区基层党建工作会议上的讲话\n\n"
        "一、抓好基层组织建设\n"
        "各乡镇党委要在今年6月底前完成软弱涣散村党组织整顿。\n"
        "组织部门每季度至少召开1次专题会议，研究基层党建工作。\n"
    )
    (speech,) = imports.import_pasted_text(
        text=text, imported_by=supervisor, now=NOW, delivered_on=date(2024, 3, 5), area=district
    ).created
    speech = imports.extract_speech(speech=speech, now=NOW)
    assert speech.state == Speech.State.READY
    candidates = list(speech.directives.order_by("start"))
    assert len(candidates) == 2
    towns, org_directive = candidates
    assert set(towns.units.all()) == {town_a, town_b}
    assert towns.deadline == date(2024, 6, 30)
    assert list(org_directive.units.all()) == [org]
    assert org_directive.recurrence == "quarterly"
    for candidate in candidates:
        assert speech.text[candidate.start : candidate.end] == candidate.quote

    # a redelivered job leaves the same candidates; reviewed ones survive untouched
    towns.status = Directive.Status.REJECTED
    towns.save()
    imports.extract_speech(speech=speech, now=NOW)
    assert speech.directives.count() == 2
    assert speech.directives.get(status=Directive.Status.REJECTED).pk == towns.pk
