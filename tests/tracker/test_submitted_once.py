"""A 批示 or a 督办单 submitted twice (a double click, a resent form) is made once: one record,
one number, one notice; even when the twin arrives while the first is still being written."""

import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from directory.models import User
from tests.factories import AssignmentFactory, TaskFactory, UserFactory
from tracker.models import Bulletin, Instruction, Notification, SupervisionForm
from tracker.services import instructions, submissions
from tracker.services.documents import bulletins, forms

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
KEY, OTHER_KEY = "a" * 32, "b" * 32


def _shown_key(page) -> str:
    (key,) = re.findall(r'name="submission_key" value="([0-9a-f]{32})"', page.content.decode())
    return key


def _issue(assignment, supervisor, key):
    defaults = forms.form_defaults(assignment)
    return forms.issue_supervision_form(
        assignment=assignment, issued_by=supervisor, level="normal", now=NOW,
        requirements=defaults.requirements, feedback=defaults.feedback, submission_key=key,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_form_issued_twice_with_one_key_is_one_form_with_one_number(
    town_a, supervisor, town_a_staff
):
    assignment = AssignmentFactory(unit=town_a, due_on=date(2026, 12, 31))
    first, again = _issue(assignment, supervisor, KEY), _issue(assignment, supervisor, KEY)
    assert again.pk == first.pk and first.number == "督〔2026〕1号"
    assert SupervisionForm.objects.count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.SUPERVISION_FORM).count() == 1
    assert _issue(assignment, supervisor, OTHER_KEY).number == "督〔2026〕2号"  # no number lost


@pytest.mark.django_db
def test_a_form_without_a_key_is_issued_every_time(town_a, supervisor):
    assignment = AssignmentFactory(unit=town_a)
    assert _issue(assignment, supervisor, "").pk != _issue(assignment, supervisor, "").pk


@pytest.mark.django_db
def test_an_instruction_sent_twice_is_one_instruction_told_once(leader, town_a, town_a_staff):
    share = AssignmentFactory(unit=town_a, due_on=date(2026, 12, 31))
    for _ in range(2):
        instructions.write_instruction(task=share.task, assignment=share, author=leader,
                                       text="请加快进度", due_on=date(2026, 12, 20), now=NOW,
                                       submission_key=KEY)  # fmt: skip
    assert Instruction.objects.count() == 1
    assert Notification.objects.filter(recipient=town_a_staff, kind="instruction").count() == 1
    share.refresh_from_db()
    assert (share.due_on, share.version) == (date(2026, 12, 20), 2)  # tightened once


@pytest.mark.django_db
def test_the_page_posting_its_form_twice_makes_one_instruction(client, leader, town_a):
    share = AssignmentFactory(unit=town_a)
    client.force_login(leader)
    key = _shown_key(client.get(share.task.get_absolute_url()))
    url = reverse("tracker:task-instruction", args=[share.task.pk])
    data = {"text": "请各单位抓紧推进", "assignment": "", "due_on": "", "submission_key": key}
    for _ in range(2):
        assert client.post(url, data).status_code == 302
    assert Instruction.objects.filter(task=share.task).count() == 1
    assert _shown_key(client.get(share.task.get_absolute_url())) != key  # the next is new


@pytest.mark.django_db(transaction=True)
def test_a_twin_sent_while_the_first_is_being_written_gets_the_first(town_a, district):
    """Two real transactions: the twin passes the look-up before the first commits, waits on
    the number counter, then loses on the unique key; it rolls back whole (its number too)."""
    assert connection.vendor == "postgresql"
    supervisor = UserFactory(username="sup", role=User.Role.SUPERVISOR)
    assignment = AssignmentFactory(task=TaskFactory(created_by=supervisor), unit=town_a)
    UserFactory(username="staff_a", role=User.Role.UNIT_STAFF, unit=town_a)
    first_written, release_first = threading.Event(), threading.Event()
    looked_up = threading.Event()
    results: dict[str, object] = {}
    real_made_by = submissions.made_by

    def made_by(model, key):
        found = real_made_by(model, key)
        if threading.current_thread().name == "twin":
            looked_up.set()
        return found

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = _issue(assignment, supervisor, KEY)
                first_written.set()
                looked_up.wait(10)
                release_first.wait(1)  # the twin is now blocked on the counter row
        except Exception as exc:  # surfaced by the assertions below
            results["first"] = exc
        finally:
            connection.close()

    def twin() -> None:
        first_written.wait(10)
        try:
            results["twin"] = _issue(assignment, supervisor, KEY)
        except Exception as exc:
            results["twin"] = exc
        finally:
            connection.close()

    submissions.made_by = made_by
    try:
        threads = [threading.Thread(target=first), threading.Thread(target=twin, name="twin")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        submissions.made_by = real_made_by
    assert isinstance(results["first"], SupervisionForm), results
    assert isinstance(results["twin"], SupervisionForm), results
    assert results["twin"].pk == results["first"].pk
    assert list(SupervisionForm.objects.values_list("number", flat=True)) == ["督〔2026〕1号"]
    assert Notification.objects.filter(kind=Notification.Kind.SUPERVISION_FORM).count() == 1
    assert _issue(assignment, supervisor, OTHER_KEY).number == "督〔2026〕2号"
    kept = sorted(f.name for f in Path(settings.MEDIA_ROOT).rglob("*.docx"))
    assert kept == ["form-2026-1.docx", "form-2026-2.docx"]  # the twin's file was removed


@pytest.mark.django_db
def test_a_bulletin_requested_twice_is_drafted_once(supervisor, django_capture_on_commit_callbacks):
    request = {"user": supervisor, "start": date(2026, 11, 23), "end": date(2026, 11, 29),
               "label": "2026年第48周", "now": NOW}  # fmt: skip
    with django_capture_on_commit_callbacks() as queued:
        first = bulletins.request_bulletin(**request, submission_key=KEY)
        again = bulletins.request_bulletin(**request, submission_key=KEY)
    assert again.pk == first.pk and Bulletin.objects.count() == 1
    assert len(queued) == 1  # one build for the worker
    assert bulletins.request_bulletin(**request, submission_key=OTHER_KEY).pk != first.pk
