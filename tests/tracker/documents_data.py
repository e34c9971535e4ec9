"""One week of a small county's work (Monday 2026-11-23 to Sunday 2026-11-29), seen on
Tuesday 2026-12-01, for the 督办单 / 督查通报 / 考核 tests.

甲镇: one item done on time, one done a day late (returned once before).
乙镇: two items still open past their due date (4 and 19 days at the week's end).
城关街道: one item done on time (all on time: praised).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from directory.models import Unit
from tests.factories import AssignmentFactory, SpeechFactory, TaskFactory, UnitFactory
from tracker.models import Assignment, HistoryEntry

WEEK_START, WEEK_END = date(2026, 11, 23), date(2026, 11, 29)
TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
CREATED = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


def at(day: date, hour: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Week:
    speech: object
    street: Unit
    on_time: Assignment
    late: Assignment
    overdue_short: Assignment
    overdue_long: Assignment
    street_done: Assignment


def build_week(*, town_a, town_b, supervisor) -> Week:
    street = UnitFactory(name="城关街道", kind=Unit.Kind.STREET, parent=town_a.parent)
    speech = SpeechFactory(
        title="在全区重点工作推进会上的讲话",
        delivered_on=date(2026, 11, 1),
        text="各乡镇要在11月底前完成村级党群服务中心标准化建设。",
    )

    def task(title, due):
        return TaskFactory(
            speech=speech, title=title, due_on=due, created_by=supervisor, created_at=CREATED
        )

    def share(task_, unit, *, status=Assignment.Status.PENDING, completed=None, due=None):
        return AssignmentFactory(
            task=task_, unit=unit, due_on=due or task_.due_on, status=status,
            completed_at=completed, created_at=CREATED, updated_at=CREATED,
        )  # fmt: skip

    centres = task("完成村级党群服务中心标准化建设", date(2026, 11, 25))
    roads = task("完成农村公路安全隐患排查", date(2026, 11, 26))
    waste = task("完成垃圾分类示范点建设", date(2026, 11, 10))
    done = Assignment.Status.DONE
    week = Week(
        speech=speech,
        street=street,
        on_time=share(centres, town_a, status=done, completed=at(date(2026, 11, 24))),
        late=share(roads, town_a, status=done, completed=at(date(2026, 11, 27))),
        overdue_short=share(centres, town_b, status=Assignment.Status.IN_PROGRESS),
        overdue_long=share(waste, town_b),
        street_done=share(
            centres,
            street,
            status=Assignment.Status.CLOSED,
            completed=at(date(2026, 11, 28)),
            due=date(2026, 11, 28),
        ),
    )
    HistoryEntry.objects.create(
        task=roads, assignment=week.late, kind=HistoryEntry.Kind.RETURNED, actor=supervisor,
        at=at(date(2026, 11, 25)), note="佐证材料不全",
    )  # fmt: skip
    return week
