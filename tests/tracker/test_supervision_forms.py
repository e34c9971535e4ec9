"""督办单: numbered per year without gaps or repeats, kept as issued, re-downloadable."""

import threading
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from docx import Document

from directory.models import User
from tests.factories import AssignmentFactory, SpeechFactory, TaskFactory, UserFactory
from tracker.models import (
    Assignment,
    HistoryEntry,
    Instruction,
    Notification,
    SupervisionForm,
)
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.documents import forms, numbering

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def assignment(town_a, town_b, supervisor):
    speech = SpeechFactory(title="在全区重点工作推进会上的讲话", delivered_on=date(2026, 11, 1))
    task = TaskFactory(
        speech=speech, title="完成村级党群服务中心标准化建设", due_on=date(2026, 12, 31),
        recurrence="monthly", created_by=supervisor,
    )  # fmt: skip
    lead = AssignmentFactory(task=task, unit=town_a)
    AssignmentFactory(task=task, unit=town_b, role=Assignment.Role.COOPERATING)
    return lead


def _issue(assignment, supervisor, level="normal", now=NOW):
    defaults = forms.form_defaults(assignment)
    return forms.issue_supervision_form(
        assignment=assignment, issued_by=supervisor, level=level,
        requirements=defaults.requirements, feedback=defaults.feedback, now=now,
    )  # fmt: skip


def _rows(data: bytes) -> dict[str, str]:
    (table,) = Document(BytesIO(data)).tables
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


@pytest.mark.django_db
def test_issued_form_keeps_its_docx_with_number_units_deadline_and_instruction(
    assignment, supervisor, leader, town_a_staff
):
    Instruction.objects.create(
        task=assignment.task, author=leader, text="请甲镇本周内拿出方案", written_at=NOW
    )
    form = _issue(assignment, supervisor, level="key")
    assert (form.number, form.year, form.serial) == ("督〔2026〕1号", 2026, 1)
    data = form.file.open("rb").read()
    paragraphs = [p.text for p in Document(BytesIO(data)).paragraphs]
    assert "督〔2026〕1号　　重点督办" in paragraphs
    rows = _rows(data)
    assert rows["督办事项"] == "完成村级党群服务中心标准化建设"
    assert rows["任务来源"].startswith("《在全区重点工作推进会上的讲话》（2026年11月1日）")
    assert rows["承办单位"] == "牵头：甲镇\n配合：乙镇"
    assert rows["办理时限"] == "2026年12月31日"
    assert rows["反馈要求"] == "每月报送一次工作进展；于2026年12月31日前报送办结情况及佐证材料。"
    assert rows["领导批示"] == "leader（2026年12月1日）：请甲镇本周内拿出方案"
    assert forms.stored_content(form).number == "督〔2026〕1号"
    entry = HistoryEntry.objects.get(kind=HistoryEntry.Kind.SUPERVISION_FORM)
    assert (entry.new_value, entry.note, entry.assignment) == (
        "督〔2026〕1号",
        "重点督办",
        assignment,
    )
    notice = Notification.objects.get(recipient=town_a_staff, channel="in_app")
    assert notice.subject.startswith("【重点督办】督办单 督〔2026〕1号")


@pytest.mark.django_db
def test_numbers_follow_on_within_a_year_and_start_again_the_next(assignment, supervisor):
    first, second = _issue(assignment, supervisor), _issue(assignment, supervisor)
    next_year = _issue(assignment, supervisor, now=datetime(2027, 1, 2, 2, 0, tzinfo=UTC))
    assert [first.number, second.number, next_year.number] == [
        "督〔2026〕1号",
        "督〔2026〕2号",
        "督〔2027〕1号",
    ]


@pytest.mark.django_db
def test_a_red_form_reaches_the_unit_leader_and_a_normal_one_only_the_staff(
    assignment, supervisor, town_a_staff, town_a_leader
):
    _issue(assignment, supervisor, level="normal")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "town_a_staff"
    }
    Notification.objects.all().delete()
    _issue(assignment, supervisor, level="red")
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"town_a_staff", "town_a_leader"}


@pytest.mark.django_db
def test_unit_staff_and_leaders_cannot_issue_and_nothing_is_numbered(
    assignment, town_a_staff, leader
):
    for user in (town_a_staff, leader):
        with pytest.raises(PermissionDenied):
            _issue(assignment, user)
    assert not SupervisionForm.objects.exists()


@pytest.mark.django_db
def test_missing_requirements_are_refused_and_use_no_number(assignment, supervisor):
    with pytest.raises(WorkflowRefused) as refused:
        forms.issue_supervision_form(
            assignment=assignment, issued_by=supervisor, level="normal", requirements=" ",
            feedback="按月报送", now=NOW,
        )  # fmt: skip
    assert refused.value.messages == [forms.REQUIREMENTS_REQUIRED]
    assert _issue(assignment, supervisor).number == "督〔2026〕1号"


@pytest.mark.django_db
def test_an_unknown_level_is_refused(assignment, supervisor):
    with pytest.raises(WorkflowRefused) as refused:
        _issue(assignment, supervisor, level="urgent")
    assert refused.value.messages == [forms.LEVEL_INVALID]
    assert not SupervisionForm.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_number_twice(assignment, supervisor):
    form = _issue(assignment, supervisor)
    duplicate = SupervisionForm(
        assignment=assignment, year=2026, serial=form.serial, number="督〔2026〕1号（重）",
        requirements="x", feedback="y", issued_by=supervisor, issued_at=NOW, file=form.file.name,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_allocating_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError):
        numbering.allocate(series=numbering.FORM_SERIES, year=2026)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_issuers_draw_different_numbers(town_a, town_b, district):
    """Two real transactions: the second waits on the counter row, then takes the next."""
    assert connection.vendor == "postgresql"
    supervisor = UserFactory(username="sup", role=User.Role.SUPERVISOR)
    task = TaskFactory(created_by=supervisor)
    assignment = AssignmentFactory(task=task, unit=town_a)
    first_holds_lock, release_first = threading.Event(), threading.Event()
    numbers: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                numbers["first"] = _issue(assignment, supervisor).number
                first_holds_lock.set()
                release_first.wait(10)
        except Exception as exc:  # surfaced by the assertion below
            numbers["first"] = exc
        finally:
            connection.close()

    def second() -> None:
        first_holds_lock.wait(10)
        try:
            numbers["second"] = _issue(assignment, supervisor).number
        except Exception as exc:
            numbers["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_lock.wait(10)
    threads[1].join(1.0)
    assert threads[1].is_alive(), "the second issuer must wait for the first to commit"
    release_first.set()
    for thread in threads:
        thread.join(20)
    assert numbers == {"first": "督〔2026〕1号", "second": "督〔2026〕2号"}
    assert SupervisionForm.objects.count() == 2


@pytest.mark.django_db
def test_a_closed_assignment_gets_no_form(assignment, supervisor):
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.CLOSED)
    with pytest.raises(WorkflowRefused) as refused:
        _issue(assignment, supervisor)
    assert refused.value.messages == [forms.FORM_CLOSED]
