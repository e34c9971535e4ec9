from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from demo.county import seed_demo_directory
from demo.ledger import seed_demo_ledger
from directory.models import User
from speeches.extraction.kinds import DocumentKind
from speeches.models import Directive, Speech
from tracker.models import (
    Assignment,
    Bulletin,
    Evidence,
    ExtensionRequest,
    HistoryEntry,
    Instruction,
    Notification,
    ProgressReport,
    SupervisionForm,
    Task,
)
from tracker.services import reminders

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
S = Assignment.Status


def snapshot():
    return (
        list(Speech.objects.values_list("pk", "state")),
        list(Directive.objects.order_by("pk").values_list("pk", "status")),
        list(Task.objects.order_by("pk").values_list("pk", "version")),
        list(Assignment.objects.order_by("pk").values_list("pk", "status", "version", "due_on")),
        HistoryEntry.objects.count(),
        ProgressReport.objects.count(),
        Evidence.objects.count(),
        ExtensionRequest.objects.count(),
        User.objects.count(),
    )


@pytest.fixture
def ledger(db):
    seed_demo_directory(password="demo-password-1")
    return seed_demo_ledger(now=NOW)


@pytest.mark.django_db
def test_demo_ledger_has_assignments_in_every_state(ledger):
    assert ledger.created
    today = NOW.date()
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert statuses == set(S.values)
    assert any(a.is_overdue_on(today) for a in Assignment.objects.all())
    assert ExtensionRequest.objects.filter(status="pending").exists()
    returned = HistoryEntry.objects.filter(kind="returned").values_list("assignment", flat=True)
    assert Assignment.objects.filter(pk__in=returned, status=S.IN_PROGRESS).exists()
    assert Evidence.objects.exists()
    assert Assignment.objects.filter(task__recurrence="quarterly").exists()
    # Some candidates are left for the review page, one is rejected.
    assert Directive.objects.filter(status="pending").exists()
    assert Directive.objects.filter(status="rejected").exists()


@pytest.mark.django_db
def test_demo_quotes_sit_in_the_speech_text(ledger):
    for task in Task.objects.select_related("speech"):
        assert task.speech.text[task.quote_start : task.quote_end] == task.quote


@pytest.mark.django_db
def test_demo_reports_are_by_the_units_own_staff(ledger):
    for report in ProgressReport.objects.select_related("author", "assignment"):
        assert report.author.unit_id == report.assignment.unit_id


@pytest.mark.django_db
def test_demo_ledger_twice_changes_nothing(ledger):
    first = snapshot()
    again = seed_demo_ledger(now=NOW)
    assert not again.created
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo_command_seeds_the_ledger_once(capsys):
    call_command("seed_demo")
    assert "演示讲话已导入并审核" in capsys.readouterr().out
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert "演示数据已存在" in capsys.readouterr().out


@pytest.mark.django_db
def test_first_scan_of_the_demo_sends_every_kind_of_reminder_to_several_units(ledger):
    today = NOW.date()
    before = set(Notification.objects.values_list("pk", flat=True))
    reminders.scan_deadlines(today=today, now=NOW)
    sent = Notification.objects.exclude(pk__in=before)
    units_by_kind: dict[str, set[str]] = {}
    for kind, unit in sent.values_list("kind", "assignment__unit__name"):
        units_by_kind.setdefault(kind, set()).add(unit)
    K = Notification.Kind
    assert len(units_by_kind[K.DUE_SOON]) >= 4  # 7, 3 and 1 days ahead
    for kind in (K.DUE_TODAY, K.OVERDUE, K.ESCALATION, K.REPORT_OVERDUE):
        assert units_by_kind.get(kind), kind
    assert sent.values("recipient").distinct().count() >= 6


@pytest.mark.django_db
def test_demo_has_work_waiting_on_the_supervisor_and_a_notice_to_review(ledger):
    assert Assignment.objects.filter(status=S.DONE).count() >= 2  # waiting for 销号
    assert ExtensionRequest.objects.filter(status="pending").count() >= 2
    notice = Speech.objects.get(kind=DocumentKind.NOTICE)
    assert "专项检查" in notice.title
    assert notice.directives.filter(status="pending").count() >= 4
    assert not notice.tasks.exists()


@pytest.mark.django_db
def test_demo_has_an_issued_red_supervision_form_and_bulletin_and_a_leaders_instruction(ledger):
    form = SupervisionForm.objects.get()
    assert (
        form.level == SupervisionForm.Level.RED and form.assignment.unit.short_name == "区委组织部"
    )
    assert form.number.startswith("督〔")
    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.ISSUED and bulletin.number
    assert Instruction.objects.filter(
        task=form.assignment.task, author__username="lingdao"
    ).exists()
