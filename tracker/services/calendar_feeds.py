"""iCal feeds: a secret-token URL per user and per unit that phone calendars subscribe to.

The token is the credential (calendar apps cannot log in), so it is long, random, compared
only through a unique index lookup, and replaced — killing the old URL — when the owner resets it.
"""

import secrets
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from icalendar import Calendar, Event

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker.models import Assignment, CalendarFeed

TOKEN_BYTES = 32
# Supervisors and leaders see every unit: their feed keeps to a window around today and a
# number of events a phone calendar still shows usefully.
WIDE_FEED_PAST_DAYS = 30
WIDE_FEED_FUTURE_DAYS = 180
WIDE_FEED_MAX_EVENTS = 500
PRODID = "-//Luoshi//落实督办//ZH"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _feed(lookup: dict, now: datetime) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(**lookup).first()
    if feed is not None:
        return feed
    members = _members(lookup["unit"].pk) if "unit" in lookup else []
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(
                token=new_token(), created_at=now, members=members, **lookup
            )
    except IntegrityError:  # two first visits at once: the other one created it
        return CalendarFeed.objects.get(**lookup)


def existing_feed_for_user(user: User) -> CalendarFeed | None:
    """The user's feed if one was made (reading the settings page creates nothing)."""
    return CalendarFeed.objects.filter(user=user).first()


def existing_feed_for_unit(unit: Unit) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(unit=unit).first()


def active_unit_members(unit_id: int) -> QuerySet:
    return User.objects.filter(unit_id=unit_id, is_active=True, role__in=User.UNIT_ROLES)


def feed_is_live(feed: CalendarFeed) -> bool:
    """A user's feed lives while the user is active. A unit's lives while the unit is active
    and every member it was issued to is still an active member: a member who leaves takes the
    URL with them, and whoever stays gets a new one from the page ("更换地址")."""
    if feed.user_id is not None:
        return feed.user.is_active
    if not feed.unit.is_active:
        return False
    current = set(active_unit_members(feed.unit_id).values_list("pk", flat=True))
    return bool(current) and set(feed.members) <= current


def _members(unit_id: int) -> list[int]:
    return sorted(active_unit_members(unit_id).values_list("pk", flat=True))


def feed_for_user(*, user: User, now: datetime) -> CalendarFeed:
    """The user's own feed, created on first use."""
    return _feed({"user": user}, now)


def feed_for_unit(*, unit: Unit, actor: User, now: datetime) -> CalendarFeed:
    """The unit's feed, created on first use, for someone allowed to manage it."""
    policy.require(actor, Action.MANAGE_UNIT_CALENDAR, unit)
    return _feed({"unit": unit}, now)


@transaction.atomic
def reset_feed(*, feed: CalendarFeed, actor: User, now: datetime) -> CalendarFeed:
    """Give the feed a new token; the old URL stops working at once."""
    if feed.unit_id is not None:
        policy.require(actor, Action.MANAGE_UNIT_CALENDAR, feed.unit)
    elif feed.user_id != actor.pk:
        policy.require(actor, Action.MANAGE_DIRECTORY)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = new_token()
    feed.created_at = now
    feed.members = _members(feed.unit_id) if feed.unit_id is not None else []
    feed.save(update_fields=["token", "created_at", "members"])
    return feed


def feed_assignments(*, feed: CalendarFeed, today: date) -> QuerySet:
    """What the feed shows: assignments not yet closed that have a due date, scoped to the
    feed's unit, the user's own unit, or — for users who see every unit — a window around today."""
    assignments = (
        Assignment.objects.exclude(status=Assignment.Status.CLOSED)
        .filter(due_on__isnull=False)
        .select_related("task", "unit")
        .order_by("due_on", "pk")
    )
    if feed.unit_id is not None:
        return assignments.filter(unit_id=feed.unit_id, unit__is_active=True)
    user = feed.user
    if not user.is_active or policy.sees_own_unit_only(user):
        return policy.scope_to_units(assignments, user)
    if policy.can(user, Action.VIEW_DASHBOARD):
        window = (
            today - timedelta(days=WIDE_FEED_PAST_DAYS),
            today + timedelta(days=WIDE_FEED_FUTURE_DAYS),
        )
        return assignments.filter(due_on__range=window)[:WIDE_FEED_MAX_EVENTS]
    return assignments.none()


def feed_name(feed: CalendarFeed) -> str:
    if feed.unit_id is not None:
        return f"落实督办 · {feed.unit.display_name}"
    return f"落实督办 · {feed.user}"


def event_uid(assignment: Assignment, *, domain: str) -> str:
    return f"luoshi-assignment-{assignment.pk}@{domain}"


def render_calendar(*, feed: CalendarFeed, today: date, base_url: str) -> bytes:
    """The feed as an iCalendar file: one all-day event per assignment on its due date."""
    domain = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "luoshi"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", feed_name(feed))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for assignment in feed_assignments(feed=feed, today=today):
        calendar.add_component(_event(assignment, today=today, base_url=base_url, domain=domain))
    return calendar.to_ical()


def _event(assignment: Assignment, *, today: date, base_url: str, domain: str) -> Event:
    task = assignment.task
    unit = assignment.unit.display_name
    state = assignment.get_status_display()
    if assignment.is_overdue_on(today):
        state = f"已逾期 {(today - assignment.due_on).days} 天（{state}）"
    link = base_url.rstrip("/") + reverse("tracker:assignment-detail", args=[assignment.pk])
    title = " ".join(task.title.split())
    summary = title if len(title) <= 40 else title[:39] + "…"
    event = Event()
    event.add("uid", event_uid(assignment, domain=domain))
    event.add("dtstamp", assignment.updated_at)
    event.add("last-modified", assignment.updated_at)
    event.add("sequence", assignment.version)
    event.add("dtstart", assignment.due_on)
    event.add("dtend", assignment.due_on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"【{unit}】{summary}")
    event.add(
        "description",
        "\n".join(
            (
                f"任务：{task.title}",
                f"责任单位：{unit}（{assignment.get_role_display()}）",
                f"状态：{state}，进度 {assignment.progress}%",
                f"查看与填报：{link}",
            )
        ),
    )
    event.add("url", link)
    return event
