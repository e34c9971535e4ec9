"""A small hand-built ledger with known figures, for the dashboard tests (today is pinned)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from directory.models import Unit, User
from tests.factories import SpeechFactory, UnitFactory, UserFactory
from tracker.models import Assignment, Task

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)  # a Wednesday: this week is 11-23 … 11-29
S = Assignment.Status


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def views_on_today() -> time_machine.travel:
    """Views read the wall clock: hold it on TODAY (10:00 Beijing time, ticking) for page tests."""
    return time_machine.travel(at(2026, 11, 25, 10), tick=True)


def make_assignment(
    unit: Unit,
    *,
    title: str = "完成村级活动场所建设",
    status: str = S.PENDING,
    due_on: date | None = None,
    completed_at: datetime | None = None,
    speech=None,
    progress: int = 0,
    creator: User | None = None,
) -> Assignment:
    creator = creator or UserFactory(username="task_creator", role=User.Role.SUPERVISOR)
    task = Task.objects.create(
        title=title, speech=speech, due_on=due_on, created_by=creator, created_at=at(2026, 11, 1)
    )
    return Assignment.objects.create(
        task=task,
        unit=unit,
        status=status,
        due_on=due_on,
        progress=progress,
        completed_at=completed_at,
        created_at=at(2026, 11, 1),
        updated_at=at(2026, 11, 1),
    )


def build_ledger(town_a: Unit, town_b: Unit) -> dict:
    """Town A red (one overdue), town B amber (due today), 青山街道 green; figures in the tests."""
    speech_1 = SpeechFactory(title="在全区重点工作推进会上的讲话")
    speech_2 = SpeechFactory(title="在组织工作会议上的讲话")
    street = UnitFactory(name="青山街道", kind=Unit.Kind.STREET)
    rows = {
        "a_overdue": make_assignment(
            town_a, title="整治农村人居环境", due_on=date(2026, 11, 20), speech=speech_1
        ),
        "a_week": make_assignment(
            town_a,
            title="召开专题会议",
            status=S.IN_PROGRESS,
            due_on=date(2026, 11, 27),
            speech=speech_1,
            progress=40,
        ),
        # Completed at 23:30 Beijing time on the due date: on time.
        "a_done": make_assignment(
            town_a,
            title="报送工作总结",
            status=S.DONE,
            due_on=date(2026, 11, 20),
            completed_at=at(2026, 11, 20, 23, 30),
            speech=speech_2,
            progress=100,
        ),
        # Completed at 00:30 the day after (still the due date in UTC): late.
        "a_closed_late": make_assignment(
            town_a,
            title="完成党员信息采集",
            status=S.CLOSED,
            due_on=date(2026, 11, 10),
            completed_at=at(2026, 11, 11, 0, 30),
            speech=speech_2,
            progress=100,
        ),
        "b_later": make_assignment(
            town_b, title="整治农村人居环境", due_on=date(2026, 12, 31), speech=speech_1
        ),
        "b_done_no_due": make_assignment(
            town_b,
            title="建立工作台账",
            status=S.DONE,
            completed_at=at(2026, 11, 1, 9),
            speech=speech_2,
            progress=100,
        ),
        "b_today": make_assignment(
            town_b,
            title="召开专题会议",
            status=S.IN_PROGRESS,
            due_on=TODAY,
            speech=speech_1,
            progress=60,
        ),
        "street_later": make_assignment(
            street,
            title="推进老旧小区改造",
            status=S.IN_PROGRESS,
            due_on=date(2027, 1, 31),
            speech=speech_1,
            progress=20,
        ),
    }
    return {"speech_1": speech_1, "speech_2": speech_2, "street": street, **rows}


def grow(units: int, per_unit: int, *, prefix: str = "扩容") -> None:
    """Add ``units`` more units with ``per_unit`` assignments each, in every state."""
    statuses = [S.PENDING, S.IN_PROGRESS, S.DONE, S.CLOSED]
    creator = UserFactory(username="task_creator", role=User.Role.SUPERVISOR)
    speech = SpeechFactory()
    for u in range(units):
        unit = UnitFactory(name=f"{prefix}{u}镇", kind=Unit.Kind.TOWNSHIP)
        for i in range(per_unit):
            status = statuses[i % 4]
            make_assignment(
                unit,
                title=f"任务{i}",
                status=status,
                due_on=date(2026, 11, 1 + i % 28),
                completed_at=at(2026, 11, 1 + i % 28, 10) if status in (S.DONE, S.CLOSED) else None,
                speech=speech,
                creator=creator,
            )
