"""重新提取任务 keeps the reviewer's work: reviewed, edited, split and hand-added candidates
survive, only candidates where none lies are added, and the reviewer confirms first."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from speeches.models import Directive, Speech
from speeches.services import imports, review
from speeches.services.imports import ImportRejected
from tracker.services import intake

NOW = datetime(2024, 3, 6, 2, 0, tzinfo=UTC)
TEXT = (
    "在全区基层党建工作会议上的讲话\n\n"
    "一、抓好基层组织建设\n"
    "各乡镇党委要在今年6月底前完成软弱涣散村党组织整顿。\n"
    "各乡镇要在年底前完成村级活动场所建设。\n"
    "各乡镇每季度至少召开1次专题会议，研究基层党建工作。\n"
    "同志们，大家辛苦了，基层党建工作任重道远。\n"
)


@pytest.fixture
def speech(supervisor, district, town_a, town_b):
    (speech,) = imports.import_pasted_text(
        text=TEXT, imported_by=supervisor, now=NOW, delivered_on=date(2024, 3, 5), area=district
    ).created
    return imports.extract_speech(speech=speech, now=NOW)


def snapshot(speech: Speech) -> dict[int, tuple]:
    return {
        d.pk: (d.status, d.task, d.start, d.end, d.deadline)
        for d in speech.directives.order_by("pk")
    }


@pytest.mark.django_db
def test_reextraction_keeps_every_reviewed_edited_and_hand_added_candidate(speech, supervisor):
    first, second, third = speech.directives.order_by("start")[:3]
    intake.accept_directive(directive=first, actor=supervisor, now=NOW, drop_unmatched=True)
    review.edit_directive(
        directive=second, actor=supervisor, now=NOW, task="改写后的任务：建成活动场所",
        units=list(second.units.all()), unmatched_units=[], deadline=date(2024, 10, 31),
        deadline_text="10月底前", recurrence="", target="",
    )  # fmt: skip
    review.reject_directive(directive=third, actor=supervisor, now=NOW)
    start = TEXT.index("基层党建工作任重道远")
    added = review.add_directive(
        speech=speech, start=start, end=start + len("基层党建工作任重道远"), actor=supervisor,
        now=NOW,
    )  # fmt: skip
    before = snapshot(speech)

    imports.extract_speech(speech=speech, now=NOW)

    after = snapshot(speech)
    assert after == before  # nothing lost, nothing changed, nothing duplicated
    assert Directive.objects.get(pk=second.pk).task == "改写后的任务：建成活动场所"
    assert Directive.objects.filter(pk=added.pk).exists()


@pytest.mark.django_db
def test_reextraction_replaces_only_untouched_candidates_and_adds_new_ones(speech, supervisor):
    untouched = speech.directives.order_by("start").last()
    kept = speech.directives.order_by("start").first()
    review.reject_directive(directive=kept, actor=supervisor, now=NOW)
    untouched.delete()  # as if the extractor had not found it the first time
    count = speech.directives.count()

    imports.extract_speech(speech=speech, now=NOW)

    assert speech.directives.count() == count + 1
    assert speech.directives.filter(quote=untouched.quote).count() == 1
    assert Directive.objects.get(pk=kept.pk).status == Directive.Status.REJECTED


@pytest.mark.django_db
def test_split_candidates_survive_reextraction(speech, supervisor):
    target = speech.directives.order_by("start").first()
    left, right = review.split_directive(
        directive=target, at=target.start + 8, actor=supervisor, now=NOW
    )
    imports.extract_speech(speech=speech, now=NOW)
    assert set(speech.directives.filter(pk__in=[left.pk, right.pk]).values_list("pk", flat=True))
    spans = list(speech.directives.values_list("start", "end"))
    overlapping = [(a, b) for a in spans for b in spans if a < b and a[0] < b[1] and b[0] < a[1]]
    assert overlapping == []


@pytest.mark.django_db
def test_reextraction_asks_for_confirmation_when_candidates_exist(speech, supervisor):
    with pytest.raises(ImportRejected) as refused:
        imports.request_extraction(speech=speech, requested_by=supervisor)
    assert refused.value.message == imports.REEXTRACT_CONFIRM
    imports.request_extraction(speech=speech, requested_by=supervisor, confirmed=True)
    assert Speech.objects.get(pk=speech.pk).state == Speech.State.IMPORTED


@pytest.mark.django_db
def test_the_speech_page_button_asks_before_reextracting(client, speech, supervisor):
    client.force_login(supervisor)
    page = client.get(speech.get_absolute_url()).text
    assert "确认重新提取" in page and 'name="confirm" value="1"' in page
    url = reverse("speeches:speech-extract", args=[speech.pk])
    unconfirmed = client.post(url, follow=True)
    assert imports.REEXTRACT_CONFIRM in unconfirmed.text
    assert Speech.objects.get(pk=speech.pk).state == Speech.State.READY
