"""The weekly digest: per unit (due this week, overdue, completed) and per supervisor."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from tracker.models import Assignment, Notification, User
from tracker.services.reminders import delivery, rules

DIGEST_SUBJECT_UNIT = "【每周汇总】{unit}：本周到期{due}项，逾期{overdue}项"
DIGEST_SUBJECT_SUPERVISOR = "【每周汇总】全区逾期{overdue}项，涉及{units}个单位"
SUPERVISOR_UNIT_LINES = 30


def week_of(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def unit_figures(*, today: date) -> list[dict]:
    """Per unit with anything to report: due in the week of ``today``, overdue, completed."""
    monday, sunday = week_of(today)
    since = timezone.make_aware(datetime.combine(monday - timedelta(days=7), time.min))
    until = timezone.make_aware(datetime.combine(monday, time.min))
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    rows = (
        Assignment.objects.values("unit_id", "unit__name")
        .annotate(
            due=Count("pk", filter=open_q & Q(due_on__range=(today, sunday))),
            overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
            completed=Count("pk", filter=Q(completed_at__gte=since, completed_at__lt=until)),
        )
        .filter(Q(due__gt=0) | Q(overdue__gt=0) | Q(completed__gt=0))
        .order_by("-overdue", "unit__name")
    )
    return list(rows)


def _unit_body(row: dict, *, today: date, link: str) -> str:
    monday, sunday = week_of(today)
    return (
        f"{row['unit__name']}：\n"
        f"本周（{rules.chinese_date(monday)}至{rules.chinese_date(sunday)}）到期：{row['due']}项\n"
        f"已逾期：{row['overdue']}项\n"
        f"上周完成：{row['completed']}项\n"
        f"查看本单位任务：{link}\n"
    )


def _supervisor_body(rows: list[dict], *, today: date, link: str) -> str:
    overdue = [row for row in rows if row["overdue"]]
    heading = (
        f"截至{rules.chinese_date(today)}，逾期任务按单位：" if overdue else "本周无逾期任务。"
    )
    lines = [heading]
    lines += [
        f"  {row['unit__name']}：逾期{row['overdue']}项" for row in overdue[:SUPERVISOR_UNIT_LINES]
    ]
    if len(overdue) > SUPERVISOR_UNIT_LINES:
        lines.append(f"  另有{len(overdue) - SUPERVISOR_UNIT_LINES}个单位，详见督办总览")
    lines.append(f"查看督办总览：{link}")
    return "\n".join(lines) + "\n"


def _channels(user_email: str) -> list[str]:
    channels = [Notification.Channel.IN_APP]
    if settings.LUOSHI_REMINDER_EMAIL and user_email:
        channels.append(Notification.Channel.EMAIL)
    return channels


def send_weekly_digests(*, today: date, now: datetime) -> int:
    """Create each unit's and supervisor's digest for the week of ``today`` once; send email."""
    monday, _ = week_of(today)
    rows = unit_figures(today=today)
    site = settings.LUOSHI_SITE_URL
    people = User.objects.filter(
        is_active=True,
        role__in=[User.Role.UNIT_STAFF, User.Role.UNIT_LEADER, User.Role.SUPERVISOR],
    ).values_list("pk", "role", "unit_id", "email")
    by_unit: dict[int, list[tuple[int, str]]] = {}
    supervisors = []
    for pk, role, unit_id, email in people:
        if role == User.Role.SUPERVISOR:
            supervisors.append((pk, email))
        else:
            by_unit.setdefault(unit_id, []).append((pk, email))
    notifications = []

    def add(recipient_id: int, email: str, subject: str, body: str) -> None:
        for channel in _channels(email):
            notifications.append(
                Notification(
                    recipient_id=recipient_id,
                    assignment=None,
                    kind=Notification.Kind.DIGEST,
                    for_date=monday,  # one digest per person and week, however often it runs
                    channel=channel,
                    subject=subject,
                    body=body,
                    created_at=now,
                    sent_at=now if channel == Notification.Channel.IN_APP else None,
                )
            )

    for row in rows:
        link = site + reverse("tracker:unit-page", args=[row["unit_id"]])
        subject = DIGEST_SUBJECT_UNIT.format(
            unit=row["unit__name"], due=row["due"], overdue=row["overdue"]
        )
        body = _unit_body(row, today=today, link=link)
        for recipient_id, email in by_unit.get(row["unit_id"], ()):
            add(recipient_id, email, subject, body)
    overdue_units = sum(1 for row in rows if row["overdue"])
    subject = DIGEST_SUBJECT_SUPERVISOR.format(
        overdue=sum(row["overdue"] for row in rows), units=overdue_units
    )
    body = _supervisor_body(rows, today=today, link=site + reverse("tracker:dashboard"))
    for recipient_id, email in supervisors:
        add(recipient_id, email, subject, body)
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=2000)
        created = Notification.objects.filter(created_at=now, kind=Notification.Kind.DIGEST).count()
    delivery.deliver_pending_email(now=now)
    return created
