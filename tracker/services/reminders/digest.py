"""The weekly digest: per unit (due this week, overdue, 报送逾期, completed) and per supervisor."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from directory.models import Unit
from lib import recurrence
from tracker.models import Assignment, Notification
from tracker.selectors_worklist import late_report_counts
from tracker.services import periods
from tracker.services.dates import chinese_date
from tracker.services.reminders import delivery, scan

DIGEST_SUBJECT_UNIT = "【每周汇总】{unit}：本周到期{due}项，逾期{overdue}项"
DIGEST_SUBJECT_LATE_REPORTS = "，报送逾期{late}项"
DIGEST_SUBJECT_SUPERVISOR = "【每周汇总】全区逾期{overdue}项，涉及{units}个单位"
SUPERVISOR_UNIT_LINES = 30


def unit_figures(*, today: date) -> list[dict]:
    """Per unit with anything to report: due in the week of ``today``, overdue, 报送逾期 (open
    assignments whose report is late), completed last week; most overdue first."""
    week = periods.period_containing(recurrence.WEEKLY, today)
    since = timezone.make_aware(datetime.combine(week.start - timedelta(days=7), time.min))
    until = timezone.make_aware(datetime.combine(week.start, time.min))
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    rows = (
        Assignment.objects.values("unit_id", "unit__name")
        .annotate(
            due=Count("pk", filter=open_q & Q(due_on__range=(today, week.end))),
            overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
            completed=Count("pk", filter=Q(completed_at__gte=since, completed_at__lt=until)),
        )
        .filter(Q(due__gt=0) | Q(overdue__gt=0) | Q(completed__gt=0))
    )
    late = late_report_counts(today=today, base=Assignment.objects.all())
    figures = {row["unit_id"]: row | {"late_reports": late.get(row["unit_id"], 0)} for row in rows}
    only_late = Unit.objects.filter(pk__in=set(late) - set(figures)).values_list("pk", "name")
    for unit_id, name in only_late:
        figures[unit_id] = {"unit_id": unit_id, "unit__name": name, "due": 0, "overdue": 0,
                            "completed": 0, "late_reports": late[unit_id]}  # fmt: skip
    return sorted(
        figures.values(), key=lambda row: (-row["overdue"], -row["late_reports"], row["unit__name"])
    )


def _unit_body(row: dict, *, today: date, link: str) -> str:
    week = periods.period_containing(recurrence.WEEKLY, today)
    return (
        f"{row['unit__name']}：\n"
        f"本周（{chinese_date(week.start)}至{chinese_date(week.end)}）到期：{row['due']}项\n"
        f"已逾期：{row['overdue']}项\n"
        f"报送逾期：{row['late_reports']}项（未按报送周期报送进展）\n"
        f"上周完成：{row['completed']}项\n"
        f"查看本单位任务：{link}\n"
    )


def _supervisor_body(rows: list[dict], *, today: date, link: str) -> str:
    overdue = [row for row in rows if row["overdue"]]
    heading = f"截至{chinese_date(today)}，逾期任务按单位：" if overdue else "本周无逾期任务。"
    lines = [heading]
    lines += [
        f"  {row['unit__name']}：逾期{row['overdue']}项" for row in overdue[:SUPERVISOR_UNIT_LINES]
    ]
    if len(overdue) > SUPERVISOR_UNIT_LINES:
        lines.append(f"  另有{len(overdue) - SUPERVISOR_UNIT_LINES}个单位，详见督办总览")
    late = [row for row in rows if row["late_reports"]]
    if late:
        lines.append(
            f"报送逾期{sum(row['late_reports'] for row in late)}项，涉及{len(late)}个单位："
        )
        lines += [
            f"  {row['unit__name']}：报送逾期{row['late_reports']}项"
            for row in sorted(late, key=lambda row: -row["late_reports"])[:SUPERVISOR_UNIT_LINES]
        ]
        if len(late) > SUPERVISOR_UNIT_LINES:
            lines.append(f"  另有{len(late) - SUPERVISOR_UNIT_LINES}个单位，详见督查室待办")
    lines.append(f"查看督办总览：{link}")
    return "\n".join(lines) + "\n"


def send_weekly_digests(*, today: date, now: datetime) -> int:
    """Create each unit's and supervisor's digest for the week of ``today`` once; send email."""
    monday = periods.period_containing(recurrence.WEEKLY, today).start
    rows = unit_figures(today=today)
    site = settings.LUOSHI_SITE_URL
    people = scan.active_people()
    send_email = settings.LUOSHI_REMINDER_EMAIL
    notifications = []

    def add(recipient_id: int, subject: str, body: str) -> None:
        channels = [Notification.Channel.IN_APP]
        if send_email and recipient_id in people.emails:
            channels.append(Notification.Channel.EMAIL)
        for channel in channels:
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
        if row["late_reports"]:
            subject += DIGEST_SUBJECT_LATE_REPORTS.format(late=row["late_reports"])
        body = _unit_body(row, today=today, link=link)
        unit_id = row["unit_id"]
        for recipient_id in people.staff.get(unit_id, ()) + people.leaders.get(unit_id, ()):
            add(recipient_id, subject, body)
    overdue_units = sum(1 for row in rows if row["overdue"])
    subject = DIGEST_SUBJECT_SUPERVISOR.format(
        overdue=sum(row["overdue"] for row in rows), units=overdue_units
    )
    body = _supervisor_body(rows, today=today, link=site + reverse("tracker:dashboard"))
    for recipient_id in people.supervisors:
        add(recipient_id, subject, body)
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=2000)
        created = Notification.objects.filter(created_at=now, kind=Notification.Kind.DIGEST).count()
    delivery.deliver_pending_email(now=now)
    return created
