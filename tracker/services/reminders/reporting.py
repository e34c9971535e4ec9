"""Reminders of the second clock (报送周期): the report deadline today, then 报送逾期.

REPORT_DUE is keyed by the deadline day and REPORT_OVERDUE by the deadline that was missed, so
each is created once per recipient and deadline however often the scan runs: the notification's
unique key makes the database say so.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from tracker.models import REPORT_CADENCES, Assignment
from tracker.services import report_clock
from tracker.services.dates import chinese_date

REPORT_DUE = "report_due"
REPORT_OVERDUE = "report_overdue"
SUBJECTS = {
    REPORT_DUE: "【报送提醒】今天是报送进展的截止日：{title}",
    REPORT_OVERDUE: "【报送逾期】{due}应报送的进展未报送：{title}",
}


@dataclass(frozen=True, slots=True)
class ReportDue:
    assignment_id: int
    unit_id: int
    kind: str
    for_date: date
    subject: str
    body: str


def _body(*, unit: str, title: str, cadence_label: str, deadline: date, kind: str, link: str):
    state = "今天截止" if kind == REPORT_DUE else f"{chinese_date(deadline)}已截止，尚未报送"
    return (
        f"{unit}：\n任务：{title}\n报送要求：{cadence_label}报送进展\n本期报送：{state}\n"
        f"请在系统中填报进展（报送逾期与办理逾期分别统计）。\n查看任务：{link}\n"
    )


def report_reminders(*, today: date, link: str) -> Iterator[ReportDue]:
    """Every report reminder due today for open assignments of tasks with a cadence."""
    labels = dict(REPORT_CADENCES)
    zone = timezone.get_current_timezone()
    rows = (
        Assignment.objects.filter(status__in=Assignment.OPEN_STATUSES)
        .exclude(task__report_cadence="")
        .annotate(last_report_at=Max("reports__created_at"))
        .order_by("pk")
        .values_list(
            "pk", "unit_id", "unit__name", "task__title", "task__report_cadence", "created_at",
            "last_report_at",
        )
    )  # fmt: skip
    for pk, unit_id, unit_name, title, cadence, created_at, last_at in rows.iterator(2000):
        assigned_on = created_at.astimezone(zone).date()
        last_on = last_at.astimezone(zone).date() if last_at else None
        facts = {"assigned_on": assigned_on, "last_report_on": last_on, "today": today}
        found = []
        if report_clock.report_due_today(cadence, **facts):
            found.append((REPORT_DUE, today))
        missed = report_clock.missed_deadline(cadence, **facts)
        if missed is not None:
            found.append((REPORT_OVERDUE, missed))
        short = " ".join(title.split())[:40]
        for kind, deadline in found:
            subject = SUBJECTS[kind].format(title=short, due=chinese_date(deadline))
            body = _body(
                unit=unit_name, title=title, cadence_label=labels[cadence], deadline=deadline,
                kind=kind, link=link.format(pk),
            )  # fmt: skip
            yield ReportDue(pk, unit_id, kind, deadline, subject[:200], body)
