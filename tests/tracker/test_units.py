import pytest
from django.urls import reverse

from directory.models import Unit
from tests.factories import UnitAliasFactory, UnitFactory


@pytest.mark.django_db
def test_unit_directory_search_matches_aliases_and_answers_htmx_with_the_table(
    client, town_a_staff, district
):
    dept = UnitFactory(name="测试区委组织部", kind=Unit.Kind.DEPARTMENT, parent=district)
    UnitAliasFactory(unit=dept, name="组织部门")
    client.force_login(town_a_staff)

    response = client.get(
        reverse("tracker:unit-list"), {"q": "组织部门"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="unit-table"')
    assert "测试区委组织部" in response.text
    assert "甲镇" not in response.text

    full = client.get(reverse("tracker:unit-list"))
    assert "<html" in full.text and "甲镇" in full.text


@pytest.mark.django_db
def test_unit_roles_need_a_unit_with_a_chinese_message():
    from django.core.exceptions import ValidationError

    from directory.models import UNIT_REQUIRED_FOR_ROLE, User

    user = User(username="x", role=User.Role.UNIT_STAFF)
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert excinfo.value.message_dict["unit"] == [UNIT_REQUIRED_FOR_ROLE]


@pytest.mark.django_db
def test_unit_detail_lists_children_and_aliases(client, supervisor, town_a):
    UnitFactory(name="甲镇一村", kind=Unit.Kind.VILLAGE, parent=town_a)
    UnitAliasFactory(unit=town_a, name="甲乡")
    client.force_login(supervisor)
    response = client.get(town_a.get_absolute_url())
    assert "甲镇一村" in response.text and "甲乡" in response.text
