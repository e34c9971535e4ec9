"""Units the directory does not know are never dropped silently on accept: the reviewer maps,
creates or drops each one knowingly; accepting units that have no account warns."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from directory.models import Unit, User
from speeches.models import Directive
from speeches.services import review, unmatched_units
from speeches.services.review import ReviewRefused
from tests.factories import DirectiveFactory, SpeechFactory, UserFactory
from tracker.models import HistoryEntry, Task
from tracker.services import intake

NOW = datetime(2024, 3, 6, 2, 0, tzinfo=UTC)
TEXT = "各乡镇和县级各有关部门要在年底前完成村级活动场所建设。"


@pytest.fixture
def candidate(district, town_a, town_b):
    speech = SpeechFactory(text=TEXT, area=district)
    return DirectiveFactory(
        speech=speech, units=[town_a, town_b], unit_mentions=["各乡镇", "县级各有关部门"],
        unmatched_units=["县级各有关部门"],
    )  # fmt: skip


@pytest.mark.django_db
def test_accept_refuses_while_a_unit_is_unknown(candidate, supervisor):
    with pytest.raises(ReviewRefused) as refused:
        intake.accept_directive(directive=candidate, actor=supervisor, now=NOW)
    assert refused.value.message == intake.UNMATCHED_UNITS.format(names="县级各有关部门")
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_bulk_accept_leaves_candidates_with_unknown_units_for_the_reviewer(candidate, supervisor):
    outcome = intake.bulk_accept(
        speech=candidate.speech, actor=supervisor, now=NOW, min_confidence=0
    )
    assert outcome.accepted == [] and outcome.skipped == [candidate]


@pytest.mark.django_db
def test_mapping_to_a_unit_of_the_directory(candidate, supervisor, district):
    office = Unit.objects.create(
        name="测试区人民政府办公室", short_name="区政府办", kind="department"
    )
    directive, outcome = unmatched_units.resolve_unmatched_unit(
        directive=candidate, name="县级各有关部门", action="map", unit_name="区政府办",
        actor=supervisor, now=NOW,
    )  # fmt: skip
    assert outcome == unmatched_units.MAPPED.format(name="县级各有关部门", unit=office.name)
    assert directive.unmatched_units == [] and office in directive.units.all()
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert office in {a.unit for a in task.assignments.all()}


@pytest.mark.django_db
def test_mapping_to_an_unknown_name_is_refused(candidate, supervisor):
    with pytest.raises(ReviewRefused) as refused:
        unmatched_units.resolve_unmatched_unit(
            directive=candidate, name="县级各有关部门", action="map", unit_name="不存在的局",
            actor=supervisor, now=NOW,
        )  # fmt: skip
    assert refused.value.message == unmatched_units.UNIT_NOT_FOUND.format(name="不存在的局")
    assert Directive.objects.get(pk=candidate.pk).unmatched_units == ["县级各有关部门"]


@pytest.mark.django_db
def test_creating_the_unit(candidate, supervisor, district):
    directive, _ = unmatched_units.resolve_unmatched_unit(
        directive=candidate, name="县级各有关部门", action="create", actor=supervisor, now=NOW
    )
    created = Unit.objects.get(name="县级各有关部门")
    assert (created.kind, created.parent) == (Unit.Kind.OTHER, district)
    assert created in directive.units.all()


@pytest.mark.django_db
def test_dropping_knowingly_is_on_the_task_record(candidate, supervisor):
    directive, outcome = unmatched_units.resolve_unmatched_unit(
        directive=candidate, name="县级各有关部门", action="drop", actor=supervisor, now=NOW
    )
    assert outcome == unmatched_units.DROPPED.format(name="县级各有关部门")
    assert directive.dropped_units == ["县级各有关部门"]
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    notes = list(HistoryEntry.objects.filter(task=task).values_list("note", flat=True))
    assert intake.DROPPED_NOTE.format(names="县级各有关部门") in notes


@pytest.mark.django_db
def test_deleting_the_name_in_the_edit_form_records_it_as_dropped(candidate, supervisor, town_a):
    edited = review.edit_directive(
        directive=candidate, actor=supervisor, now=NOW, task=candidate.task, units=[town_a],
        unmatched_units=[], deadline=None, deadline_text="", recurrence="", target="",
    )  # fmt: skip
    assert (edited.unmatched_units, edited.dropped_units) == ([], ["县级各有关部门"])


@pytest.mark.django_db
def test_unit_staff_cannot_settle_units(candidate, town_a_staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        unmatched_units.resolve_unmatched_unit(
            directive=candidate, name="县级各有关部门", action="drop", actor=town_a_staff, now=NOW
        )


@pytest.mark.django_db
def test_the_review_row_settles_a_unit_and_accepting_warns_about_units_without_account(
    client, candidate, supervisor, town_a, town_b
):
    UserFactory(username="a_staff", role=User.Role.UNIT_STAFF, unit=town_a)
    client.force_login(supervisor)
    htmx = {"HTTP_HX_REQUEST": "true"}
    units_url = reverse("speeches:candidate-units", args=[candidate.speech_id, candidate.pk])
    page = client.get(reverse("speeches:speech-review", args=[candidate.speech_id])).text
    assert units_url in page and 'value="drop"' in page
    response = client.post(units_url, {"name": "县级各有关部门", "action": "drop"}, **htmx)
    assert unmatched_units.DROPPED.format(name="县级各有关部门") in response.text
    accept_url = reverse("speeches:candidate-accept", args=[candidate.speech_id, candidate.pk])
    accepted = client.post(accept_url, **htmx).text
    assert intake.UNITS_WITHOUT_ACCOUNT.format(names="乙镇") in accepted
