"""One list of group words: "各镇党委" stands for every township, extracted or added by hand."""

from datetime import UTC, datetime

import pytest

from directory.models import Unit
from directory.units import UnitDirectory
from lib.group_words import GROUP_WORDS, group_kinds, group_mentions
from speeches.services import review
from tests.factories import SpeechFactory, UnitFactory, UserFactory

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_every_kind_a_group_word_names_is_a_unit_kind():
    assert {kind for _, kinds in GROUP_WORDS for kind in kinds} <= set(Unit.Kind.values)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("各镇党委要在6月底前完成", ["各镇"]),
        ("各乡镇、街道党（工）委要", ["各乡镇、街道"]),
        ("各村（社区）和各部门", ["各村（社区）", "各部门"]),
        ("各地要抓好落实", ["各地"]),
        ("镇政府要", []),
    ],
)
def test_groups_named_in_a_text(text, found):
    assert [words for _, _, words in group_mentions(text)] == found


def test_a_group_mention_stands_for_its_kinds():
    assert group_kinds("各镇党委") == ("township",)
    assert group_kinds("镇政府") == ()


@pytest.mark.django_db
def test_each_town_party_committee_expands_alike_extracted_and_added_by_hand():
    district = UnitFactory(name="澜川区", kind=Unit.Kind.DISTRICT)
    towns = [
        UnitFactory(name=name, kind=Unit.Kind.TOWNSHIP, parent=district)
        for name in ("青石镇", "白沙镇")
    ]
    UnitFactory(name="城关街道", kind=Unit.Kind.STREET, parent=district)
    text = "会议强调。各镇党委要在6月底前完成排查整治。"
    speech = SpeechFactory(text=text, area=district)
    supervisor = UserFactory(role="supervisor")
    start = text.index("各镇")

    added = review.add_directive(
        speech=speech, start=start, end=len(text), actor=supervisor, now=NOW
    )
    extracted = UnitDirectory.load().resolve(["各镇党委"], area=district)

    assert {unit.pk for unit in added.units.all()} == {unit.pk for unit in towns}
    assert {unit.pk for unit in extracted.units} == {unit.pk for unit in towns}
