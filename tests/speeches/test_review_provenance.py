"""Where a candidate's units and deadline were read is stored with it, shown beside the values in
the review queue, and kept on the task it becomes."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from directory.models import Unit
from speeches.extraction.model import Directive as Extracted
from speeches.extraction.model import Provenance
from speeches.models import DEADLINE_FROM, UNITS_FROM, Directive
from speeches.services import imports, review
from tests.factories import DirectiveFactory, SpeechFactory, UnitFactory
from tracker.models import Task
from tracker.services import intake

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TEXT = "一、实施步骤\n第一阶段（3月1日—3月15日）\n（三）县公安局：\n1.开展道路交通安全隐患排查。\n"
QUOTE = "开展道路交通安全隐患排查。"


@pytest.fixture
def police(district):
    return UnitFactory(name="县公安局", kind=Unit.Kind.DEPARTMENT, parent=district)


def extracted(text: str) -> Extracted:
    start = text.index(QUOTE)
    return Extracted(
        quote=QUOTE,
        start=start,
        end=start + len(QUOTE),
        task="开展道路交通安全隐患排查",
        units=("县公安局",),
        deadline_text="3月15日",
        deadline=date(2026, 3, 15),
        recurrence=None,
        target=None,
        confidence=0.9,
        section_path=("一、实施步骤", "第一阶段（3月1日—3月15日）"),
        units_source=Provenance("heading", "（三）县公安局"),
        deadline_source=Provenance("phase", "第一阶段（3月1日—3月15日）"),
    )


@pytest.fixture
def candidate(supervisor, district, police, monkeypatch):
    monkeypatch.setattr(imports, "extract", lambda text, **_: [extracted(text)])
    (speech,) = imports.import_pasted_text(
        text=TEXT, imported_by=supervisor, now=NOW, delivered_on=date(2026, 3, 1), area=district
    ).created
    imports.extract_speech(speech=speech, now=NOW)
    return speech.directives.get()


@pytest.mark.django_db
def test_extraction_stores_where_units_and_deadline_came_from(candidate, police):
    assert candidate.units_source == Provenance("heading", "（三）县公安局")
    assert (candidate.deadline_source_kind, candidate.deadline_source_text) == (
        "phase",
        "第一阶段（3月1日—3月15日）",
    )
    assert candidate.section_path == ["一、实施步骤", "第一阶段（3月1日—3月15日）"]
    assert list(candidate.units.all()) == [police]


@pytest.mark.django_db
def test_the_review_queue_shows_the_sources_beside_the_values(client, supervisor, candidate):
    client.force_login(supervisor)
    html = client.get(reverse("speeches:speech-review", args=[candidate.speech_id])).text
    assert '单位取自：<span class="prov-kind">标题</span> （三）县公安局' in html
    assert '时限取自：<span class="prov-kind">实施阶段</span> 第一阶段（3月1日—3月15日）' in html


@pytest.mark.django_db
def test_an_accepted_task_keeps_the_sources_and_its_page_shows_them(client, supervisor, candidate):
    task = intake.accept_directive(directive=candidate, actor=supervisor, now=NOW)
    task.refresh_from_db()
    assert task.provenance == {
        "units_source": {"kind": "heading", "text": "（三）县公安局"},
        "deadline_source": {"kind": "phase", "text": "第一阶段（3月1日—3月15日）"},
        "section": "一、实施步骤 / 第一阶段（3月1日—3月15日）",
    }
    client.force_login(supervisor)
    html = client.get(task.get_absolute_url()).text
    assert UNITS_FROM.format(label="标题", text="（三）县公安局") in html
    assert DEADLINE_FROM.format(label="实施阶段", text="第一阶段（3月1日—3月15日）") in html


@pytest.mark.django_db
def test_a_split_keeps_the_sources_on_both_parts(supervisor, district, town_a):
    speech = SpeechFactory(text="各乡镇要在年底前完成建设；同时做好验收。", area=district)
    directive = DirectiveFactory(
        speech=speech,
        units=[town_a],
        units_source_kind="addressee",
        units_source_text="各乡镇人民政府",
        deadline_source_kind="sentence",
        deadline_source_text="年底前",
    )
    first, second = review.split_directive(directive=directive, at=13, actor=supervisor, now=NOW)
    for part in (first, second):
        part.refresh_from_db()
        assert part.units_source == directive.units_source
        assert part.deadline_source == directive.deadline_source


@pytest.mark.django_db
def test_a_deadline_the_reviewer_changes_no_longer_claims_a_source(supervisor, candidate):
    review.edit_directive(
        directive=candidate,
        actor=supervisor,
        now=NOW,
        task=candidate.task,
        units=candidate.units.all(),
        unmatched_units=[],
        deadline=date(2026, 4, 30),
        deadline_text="",
        recurrence="",
        target="",
    )
    candidate.refresh_from_db()
    assert candidate.deadline_source is None
    assert candidate.units_source == Provenance("heading", "（三）县公安局")
    assert Task.objects.count() == 0 and candidate.status == Directive.Status.PENDING


@pytest.mark.django_db
def test_the_real_extractor_s_phase_deadline_reaches_the_review_queue(
    client, supervisor, district, town_a
):
    text = (
        "青岚县道路交通安全专项整治工作方案\n"
        "一、实施步骤\n"
        "（一）排查阶段（3月1日—3月15日）。各乡镇要全面排查道路交通安全隐患，建立问题清单。\n"
    )
    (speech,) = imports.import_pasted_text(
        text=text, imported_by=supervisor, now=NOW, delivered_on=date(2026, 3, 1), area=district
    ).created
    assert speech.kind == "plan"
    imports.extract_speech(speech=speech, now=NOW)
    candidate = speech.directives.get(deadline_source_kind="phase")
    assert candidate.deadline == date(2026, 3, 15)
    client.force_login(supervisor)
    html = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert (
        f'时限取自：<span class="prov-kind">实施阶段</span> {candidate.deadline_source_text}'
        in html
    )
