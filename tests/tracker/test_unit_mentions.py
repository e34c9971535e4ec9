import pytest

from directory.models import Unit
from directory.units import resolve_unit_mentions
from lib.group_words import group_kinds
from tests.factories import UnitFactory

K = Unit.Kind


@pytest.mark.parametrize(
    ("mention", "kinds"),
    [
        pytest.param("各乡镇、街道党（工）委", (K.TOWNSHIP, K.STREET), id="townships-and-streets"),
        pytest.param("各镇", (K.TOWNSHIP,), id="short-form-of-townships"),
        pytest.param("各乡", (K.TOWNSHIP,), id="short-form-of-xiang"),
        pytest.param("村（社区）党组织", (K.VILLAGE, K.COMMUNITY), id="villages-and-communities"),
        pytest.param("区直各部门", (K.DEPARTMENT,), id="departments"),
        pytest.param("乡村振兴局", (), id="a-name-starting-with-xiang-is-not-a-group"),
        pytest.param("镇政府", (), id="a-bare-one-character-word-is-not-a-group"),
        pytest.param("区委组织部", (), id="a-particular-unit"),
    ],
)
def test_group_words_stand_for_unit_kinds(mention, kinds):
    assert group_kinds(mention) == kinds


def test_group_word_expands_to_every_unit_of_its_kind_under_the_area(db):
    district = UnitFactory(name="甲区", kind=K.DISTRICT)
    other_district = UnitFactory(name="乙区", kind=K.DISTRICT)
    town_1 = UnitFactory(name="东镇", kind=K.TOWNSHIP, parent=district)
    town_2 = UnitFactory(name="西镇", kind=K.TOWNSHIP, parent=district)
    UnitFactory(name="外镇", kind=K.TOWNSHIP, parent=other_district)
    department = UnitFactory(name="区财政局", kind=K.DEPARTMENT, parent=district)

    resolution = resolve_unit_mentions(["各镇", "区财政局", "区外事办"], area=district)

    assert {unit.pk for unit in resolution.units} == {town_1.pk, town_2.pk, department.pk}
    assert resolution.unmatched == ["区外事办"]
