"""A small ledger with known rows, for the export and print tests (today is pinned)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from directory.models import Unit, User
from tests.factories import SpeechFactory, UnitFactory, UserFactory
from tracker.models import Assignment, ProgressReport, Task

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
S = Assignment.Status


def make_task(*, title, speech=None, due_on=None, creator=None) -> Task:
    creator = creator or UserFactory(username="ledger_creator", role=User.Role.SUPERVISOR)
    return Task.objects.create(
        title=title,
        quote=f"{title}（原文）",
        speech=speech,
        due_on=due_on,
        created_by=creator,
        created_at=NOW,
    )


def assign(task, unit, *, role=Assignment.Role.LEAD, status=S.PENDING, progress=0, due_on=None):
    return Assignment.objects.create(
        task=task,
        unit=unit,
        role=role,
        status=status,
        progress=progress,
        due_on=due_on or task.due_on,
        created_at=NOW,
        updated_at=NOW,
    )


def report(assignment, text, *, at, progress=50):
    return ProgressReport.objects.create(
        assignment=assignment,
        author=UserFactory(username=f"author_{assignment.unit_id}", unit=assignment.unit),
        text=text,
        progress=progress,
        created_at=at,
    )


def build_ledger_data(town_a, town_b) -> dict:
    """Five assignments over three units: overdue, cooperating, closed, manual, undated."""
    street = UnitFactory(name="青山街道", short_name="青山", kind=Unit.Kind.STREET)
    speech = SpeechFactory(title="在全区重点工作推进会上的讲话", delivered_on=date(2026, 3, 5))
    building = make_task(title="完成村级活动场所建设", speech=speech, due_on=date(2026, 11, 20))
    a_lead = assign(building, town_a, status=S.IN_PROGRESS, progress=40)
    b_coop = assign(building, town_b, role=Assignment.Role.COOPERATING, progress=10)
    s_coop = assign(building, street, role=Assignment.Role.COOPERATING, status=S.CLOSED)
    report(a_lead, "已完成选址", at=datetime(2026, 10, 1, tzinfo=SHANGHAI), progress=20)
    report(a_lead, "主体工程完工=", at=datetime(2026, 11, 1, tzinfo=SHANGHAI), progress=40)
    report(b_coop, "=SUM(A1:A9)", at=datetime(2026, 11, 2, tzinfo=SHANGHAI), progress=10)
    manual = make_task(title="每季度召开专题会议", due_on=date(2026, 12, 31))
    b_manual = assign(manual, town_b, status=S.DONE, progress=100)
    undated = make_task(title="长期坚持的工作")
    s_undated = assign(undated, street)
    return {
        "speech": speech,
        "street": street,
        "a_lead": a_lead,
        "b_coop": b_coop,
        "s_coop": s_coop,
        "b_manual": b_manual,
        "s_undated": s_undated,
    }
