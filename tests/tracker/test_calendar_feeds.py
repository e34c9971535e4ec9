"""iCal feeds: parse with icalendar, right dates, only the own unit, token reset kills the URL."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from directory.models import User
from tests.factories import UserFactory
from tests.tracker.ledger_data import NOW, assign, make_task
from tracker.models import Assignment, CalendarFeed
from tracker.services import calendar_feeds
from tracker.views import calendar as calendar_views

S = Assignment.Status


@pytest.fixture
def work(town_a, town_b):
    building = make_task(title="完成村级活动场所建设", due_on=date(2026, 12, 31))
    meeting = make_task(title="召开专题会议", due_on=date(2026, 11, 20))
    return {
        "a_open": assign(building, town_a, status=S.IN_PROGRESS, progress=30),
        "a_overdue": assign(meeting, town_a),
        "a_done": assign(
            make_task(title="报送总结", due_on=date(2026, 12, 5)), town_a, status=S.DONE
        ),
        "a_closed": assign(
            make_task(title="已销号的任务", due_on=date(2026, 12, 1)), town_a, status=S.CLOSED
        ),
        "a_undated": assign(make_task(title="长期工作"), town_a),
        "b_open": assign(building, town_b, role=Assignment.Role.COOPERATING),
    }


def fetch(client, feed: CalendarFeed) -> Calendar:
    response = client.get(reverse("tracker:calendar-feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_user_feed_holds_only_the_users_own_units_open_items_on_their_due_dates(
    client, town_a_staff, work
):
    feed = calendar_feeds.feed_for_user(user=town_a_staff, now=NOW)
    events = events_by_uid(fetch(client, feed))  # anonymous: the token is the credential

    expected = {work["a_open"], work["a_overdue"], work["a_done"]}
    assert set(events) == {
        calendar_feeds.event_uid(a, domain="testserver") for a in expected
    }  # closed and undated drop out; 乙镇's share is not there
    open_event = events[calendar_feeds.event_uid(work["a_open"], domain="testserver")]
    assert open_event.decoded("DTSTART") == date(2026, 12, 31)  # all-day: a date, not a time
    assert open_event.decoded("DTEND") == date(2027, 1, 1)
    assert "完成村级活动场所建设" in str(open_event["SUMMARY"])
    assert "甲镇" in str(open_event["SUMMARY"])
    description = str(open_event["DESCRIPTION"])
    assert "推进中" in description and "进度 30%" in description
    link = "http://testserver" + reverse("tracker:assignment-detail", args=[work["a_open"].pk])
    assert str(open_event["URL"]) == link and link in description


@pytest.mark.django_db
def test_uids_stay_the_same_between_fetches_and_closing_drops_the_event(client, town_a_staff, work):
    feed = calendar_feeds.feed_for_user(user=town_a_staff, now=NOW)
    first = set(events_by_uid(fetch(client, feed)))
    assert set(events_by_uid(fetch(client, feed))) == first

    Assignment.objects.filter(pk=work["a_open"].pk).update(status=S.CLOSED)
    after = set(events_by_uid(fetch(client, feed)))
    assert first - after == {calendar_feeds.event_uid(work["a_open"], domain="testserver")}


@pytest.mark.django_db
def test_overdue_items_say_so(client, town_a_staff, work):
    feed = calendar_feeds.feed_for_user(user=town_a_staff, now=NOW)
    body = calendar_feeds.render_calendar(
        feed=feed, today=date(2026, 11, 25), base_url="https://luoshi.example.gov.cn/"
    )
    events = events_by_uid(Calendar.from_ical(body))
    overdue = events[calendar_feeds.event_uid(work["a_overdue"], domain="luoshi.example.gov.cn")]
    assert "已逾期 5 天" in str(overdue["DESCRIPTION"])
    assert str(overdue["URL"]).startswith("https://luoshi.example.gov.cn/assignments/")


@pytest.mark.django_db
def test_unit_feed_holds_that_units_items(client, town_a_staff, town_b_staff, town_b, work):
    feed = calendar_feeds.feed_for_unit(
        unit=town_b, actor=UserFactory(role=User.Role.ADMIN), now=NOW
    )
    events = events_by_uid(fetch(client, feed))
    assert set(events) == {calendar_feeds.event_uid(work["b_open"], domain="testserver")}


@pytest.mark.django_db
def test_supervisor_feed_is_bounded_to_a_window_around_today(client, supervisor, work, town_a):
    far = assign(make_task(title="三年后的任务", due_on=date(2030, 1, 1)), town_a)
    feed = calendar_feeds.feed_for_user(user=supervisor, now=NOW)
    today = date(2026, 11, 25)
    shown = {a.pk for a in calendar_feeds.feed_assignments(feed=feed, today=today)}
    assert work["b_open"].pk in shown and work["a_overdue"].pk in shown
    assert far.pk not in shown
    window_end = today + timedelta(days=calendar_feeds.WIDE_FEED_FUTURE_DAYS)
    assert all(
        a.due_on <= window_end for a in calendar_feeds.feed_assignments(feed=feed, today=today)
    )


@pytest.mark.django_db
def test_resetting_the_token_makes_the_old_url_not_found(client, town_a_staff, work):
    client.force_login(town_a_staff)
    client.post(reverse("tracker:calendar-reset"), {"which": "user"})
    page = client.get(reverse("tracker:calendar-settings"))
    old = CalendarFeed.objects.get(user=town_a_staff)
    old_url = reverse("tracker:calendar-feed", args=[old.token])
    assert "http://testserver" + old_url in page.text
    assert client.get(old_url).status_code == 200

    response = client.post(
        reverse("tracker:calendar-reset"), {"which": "user"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert calendar_views.FEED_RESET in response.text
    new = CalendarFeed.objects.get(user=town_a_staff)
    assert new.token != old.token and new.pk == old.pk
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(reverse("tracker:calendar-feed", args=[new.token])).status_code == 200


@pytest.mark.django_db
def test_unit_members_reset_only_their_own_units_feed(client, town_a_staff, town_b_staff, town_a):
    client.force_login(town_a_staff)
    client.post(reverse("tracker:calendar-reset"), {"which": "unit"})
    unit_feed = CalendarFeed.objects.get(unit=town_a)
    token = unit_feed.token
    client.post(reverse("tracker:calendar-reset"), {"which": "unit"})
    assert CalendarFeed.objects.get(unit=town_a).token != token

    client.force_login(town_b_staff)
    client.post(reverse("tracker:calendar-reset"), {"which": "unit"})
    assert CalendarFeed.objects.get(unit=town_a).token != token  # untouched by 乙镇's reset
    assert CalendarFeed.objects.filter(unit=town_a).count() == 1
    bad = client.post(reverse("tracker:calendar-reset"), {"which": "someone-else"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_unknown_or_deactivated_tokens_are_not_found(client, town_a_staff):
    assert client.get(reverse("tracker:calendar-feed", args=["nope"])).status_code == 404
    feed = calendar_feeds.feed_for_user(user=town_a_staff, now=NOW)
    User.objects.filter(pk=town_a_staff.pk).update(is_active=False)
    assert client.get(reverse("tracker:calendar-feed", args=[feed.token])).status_code == 404


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_events(
    client, town_a_staff, town_a, django_assert_max_num_queries
):
    feed = calendar_feeds.feed_for_user(user=town_a_staff, now=NOW)
    for number in range(20):
        assign(make_task(title=f"任务{number}", due_on=date(2026, 12, 1)), town_a)
    with django_assert_max_num_queries(3):
        fetch(client, feed)


def test_tokens_are_long_and_random():
    tokens = {calendar_feeds.new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 40 for t in tokens)
