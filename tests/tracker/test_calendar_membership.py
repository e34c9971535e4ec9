"""Calendar feeds follow people: reading the page creates nothing, and a unit's shared feed
dies with its last active member and changes address when a member leaves."""

import pytest
from django.urls import reverse

from directory.models import User
from tests.factories import UserFactory
from tests.tracker.ledger_data import NOW
from tracker.models import CalendarFeed
from tracker.services import calendar_feeds
from tracker.views import calendar as calendar_views


@pytest.mark.django_db
def test_opening_the_calendar_page_writes_nothing(client, town_a_staff):
    client.force_login(town_a_staff)
    page = client.get(reverse("tracker:calendar-settings"))
    assert page.status_code == 200
    assert CalendarFeed.objects.count() == 0
    assert "生成订阅地址" in page.text

    created = client.post(
        reverse("tracker:calendar-reset"), {"which": "user"}, headers={"HX-Request": "true"}
    )
    assert calendar_views.FEED_CREATED in created.text
    feed = CalendarFeed.objects.get(user=town_a_staff)
    assert reverse("tracker:calendar-feed", args=[feed.token]) in created.text


def unit_feed_of(staff: User):
    return calendar_feeds.feed_for_unit(unit=staff.unit, actor=staff, now=NOW)


def feed_status(client, feed: CalendarFeed) -> int:
    return client.get(reverse("tracker:calendar-feed", args=[feed.token])).status_code


@pytest.mark.django_db
def test_unit_feed_is_not_found_once_no_active_member_is_left(client, town_a_staff):
    feed = unit_feed_of(town_a_staff)
    assert feed_status(client, feed) == 200
    User.objects.filter(pk=town_a_staff.pk).update(is_active=False)
    assert feed_status(client, feed) == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"unit": "town_b"},
        {"role": User.Role.LEADER, "unit": None},
    ],
    ids=["deactivated", "moved", "no-longer-a-member"],
)
def test_unit_feed_address_dies_when_a_member_leaves_through_the_admin(
    client, admin_user, town_a_staff, town_b, change
):
    colleague = UserFactory(username="colleague", role=User.Role.UNIT_STAFF, unit=town_a_staff.unit)
    feed = unit_feed_of(colleague)
    old_token = feed.token
    client.force_login(admin_user)
    values = admin_values(town_a_staff)
    for name, value in change.items():
        if name == "is_active":
            values.pop("is_active")
        elif name == "unit":
            values["unit"] = town_b.pk if value == "town_b" else ""
        else:
            values[name] = value
    response = client.post(reverse("admin:directory_user_change", args=[town_a_staff.pk]), values)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.get(reverse("tracker:calendar-feed", args=[old_token])).status_code == 404

    # the colleague who stayed is told, and gets a new address
    client.force_login(colleague)
    assert "此地址已失效" in client.get(reverse("tracker:calendar-settings")).text
    client.post(reverse("tracker:calendar-reset"), {"which": "unit"})
    feed.refresh_from_db()
    assert feed.token != old_token
    assert feed_status(client, feed) == 200


def admin_values(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit": user.unit_id,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }


@pytest.mark.django_db
def test_unit_feed_keeps_its_address_when_a_member_joins_or_changes_their_phone(
    client, admin_user, town_a_staff
):
    feed = unit_feed_of(town_a_staff)
    client.force_login(admin_user)
    values = {**admin_values(town_a_staff), "phone": "0571-1234"}
    client.post(reverse("admin:directory_user_change", args=[town_a_staff.pk]), values)
    UserFactory(username="newcomer", role=User.Role.UNIT_STAFF, unit=town_a_staff.unit)
    client.logout()
    assert feed_status(client, feed) == 200
