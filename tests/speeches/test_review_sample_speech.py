"""Accepting the candidates of a real sample speech yields tasks and assignments per unit."""

import re
from datetime import UTC, datetime

import pytest

from directory.models import Unit
from directory.units import UnitDirectory
from speeches.models import Directive, Speech
from speeches.services import imports
from tests.factories import UnitAliasFactory, UnitFactory
from tests.speeches.conftest import sample_bytes, sample_name
from tracker.models import Assignment, Task
from tracker.services import intake

NOW = datetime(2010, 2, 5, 2, 0, tzinfo=UTC)
TOWNSHIPS = ("东山乡", "西山乡", "南湖镇")
STREETS = ("城东街道", "城西街道")


@pytest.fixture
def lanxi_directory(district):
    """The area of the sample speech: townships and streets under it, two departments."""
    elsewhere = UnitFactory(name="邻区", kind=Unit.Kind.DISTRICT)
    UnitFactory(name="邻区某镇", kind=Unit.Kind.TOWNSHIP, parent=elsewhere)
    for name in TOWNSHIPS:
        UnitFactory(name=name, kind=Unit.Kind.TOWNSHIP, parent=district)
    for name in STREETS:
        UnitFactory(name=name, kind=Unit.Kind.STREET, parent=district)
    org = UnitFactory(
        name="区委组织部", short_name="组织部", kind=Unit.Kind.DEPARTMENT, parent=district
    )
    UnitAliasFactory(unit=org, name="组织部门")
    return district


def _orm_candidates(speech: Speech) -> None:
    """Stand-in for the extractor: every sentence telling 各乡镇… to act becomes a candidate."""
    directory = UnitDirectory.load()
    for ordinal, match in enumerate(
        re.finditer(r"[^。；\n]*各乡镇[^。；\n]*要[^。；\n]*[。；]", speech.text), start=1
    ):
        resolution = directory.resolve(["各乡镇、街道"], area=speech.area)
        directive = Directive.objects.create(
            speech=speech,
            ordinal=ordinal,
            quote=match.group(),
            start=match.start(),
            end=match.end(),
            task=match.group().strip(),
            unit_mentions=["各乡镇、街道"],
            confidence=0.9,
        )
        directive.units.set(resolution.units)
    Speech.objects.filter(pk=speech.pk).update(state=Speech.State.READY)


@pytest.mark.django_db
def test_accepting_every_candidate_of_a_sample_speech_yields_tasks_and_assignments(
    lanxi_directory, supervisor
):
    outcome = imports.import_document(
        data=sample_bytes("000"),
        filename=sample_name("000"),
        imported_by=supervisor,
        now=NOW,
        area=lanxi_directory,
    )
    (speech,) = outcome.created
    speech = imports.extract_speech(speech=speech, now=NOW)
    if speech.state != Speech.State.READY or not speech.directives.exists():
        _orm_candidates(speech)  # the extractor is not usable yet: candidates by hand
    # Candidates naming units outside the directory wait for the reviewer (never dropped).
    candidates = speech.directives.prefetch_related("units")
    with_units = [d for d in candidates if d.units.all() and not d.unmatched_units]
    assert len(with_units) >= 3

    result = intake.bulk_accept(speech=speech, actor=supervisor, now=NOW, min_confidence=0)

    assert len(result.accepted) == len(with_units)
    assert Task.objects.count() == len(with_units)
    every_local_unit = set(TOWNSHIPS + STREETS)
    expanded = 0
    for directive in with_units:
        task = Task.objects.get(directive=directive)
        assert speech.text[task.quote_start : task.quote_end] == task.quote
        units = {a.unit.name for a in task.assignments.select_related("unit")}
        assert units == {u.name for u in directive.units.all()}
        assert "邻区某镇" not in units  # group words never reach beyond the speech's area
        assert task.assignments.filter(role=Assignment.Role.LEAD).exists()
        expanded += every_local_unit <= units
    assert expanded >= 1  # 各乡镇、街道 became one assignment per township and street
    assert (
        not speech.directives.filter(status=Directive.Status.PENDING)
        .filter(pk__in=[d.pk for d in with_units])
        .exists()
    )
