"""The whole ledger on real PostgreSQL, Redis and a Celery worker: import a sample speech, the
worker extracts candidates, a supervisor accepts one (units expanded), a unit reports with
evidence and completes, the supervisor returns it once, then closes it out (销号)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from demo import county as demo
from directory.models import Unit, User
from speeches.models import Directive, Speech
from speeches.services import imports
from tests.factories import UserFactory
from tests.speeches.conftest import sample_bytes, sample_name
from tests.tracker.evidence_samples import PDF, upload
from tests.workers import running_worker, wait_for
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import intake

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

S = Assignment.Status
HX = {"HX-Request": "true"}


@pytest.fixture
def worker():
    with running_worker():
        yield


def post(client, name, assignment, data):
    assignment.refresh_from_db()
    response = client.post(
        reverse(name, args=[assignment.pk]), {**data, "version": assignment.version}, headers=HX
    )
    assert response.status_code == 200, response.content.decode()[:300]
    return response.content.decode()


def test_import_extract_accept_report_complete_return_close(client, supervisor, worker):
    assert connection.vendor == "postgresql"
    demo.seed_demo_directory(password="demo-password-1")
    district = Unit.objects.get(name=demo.DISTRICT)
    outcome = imports.import_document(
        data=sample_bytes("000"), filename=sample_name("000"), imported_by=supervisor,
        now=timezone.now(), area=district,
    )  # fmt: skip
    (speech,) = outcome.created
    wait_for(lambda: Speech.objects.get(pk=speech.pk).state == Speech.State.READY)

    # A candidate addressed to "各乡镇…": accepting it expands the group word to every township.
    candidate = next(
        d
        for d in Directive.objects.filter(speech=speech).order_by("start")
        if d.units.filter(kind=Unit.Kind.TOWNSHIP).count() > 1
    )
    task = intake.accept_directive(directive=candidate, actor=supervisor, now=timezone.now())
    shares = list(task.assignments.select_related("unit"))
    townships = set(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP, parent=district))
    assert townships <= {share.unit for share in shares}
    assert task.quote == speech.text[task.quote_start : task.quote_end]

    share = next(s for s in shares if s.unit.name == "青石镇")
    staff = UserFactory(username="qs_staff", role=User.Role.UNIT_STAFF, unit=share.unit)
    outsider = UserFactory(username="bs_staff", role=User.Role.UNIT_STAFF,
                           unit=Unit.objects.get(name="白沙镇"))  # fmt: skip

    # The unit reports with evidence (the assignment starts), then marks it complete.
    client.force_login(staff)
    report = {"text": "已完成摸底排查", "progress": 60, "files": [upload("排查表.pdf", PDF)]}
    html = post(client, "tracker:report-progress", share, report)
    assert "排查表.pdf" in html
    share.refresh_from_db()
    assert (share.status, share.progress) == (S.IN_PROGRESS, 60)
    post(client, "tracker:assignment-transition", share,
         {"transition": "complete", "reason": "摸底排查全部完成"})  # fmt: skip

    # Another township's staff cannot see it, nor its evidence.
    evidence = share.reports.get(progress=60).evidence.get()
    client.force_login(outsider)
    assert client.get(share.get_absolute_url()).status_code == 404
    assert client.get(reverse("tracker:evidence-download", args=[evidence.pk])).status_code == 404

    # The supervisor returns it with a reason; the unit is told, reports again and completes.
    client.force_login(supervisor)
    post(client, "tracker:assignment-transition", share,
         {"transition": "return", "reason": "请补充整改照片"})  # fmt: skip
    assert Notification.objects.filter(recipient=staff, kind="returned").exists()
    client.force_login(staff)
    post(client, "tracker:report-progress", share, {"text": "已补充整改照片", "progress": 100})
    post(client, "tracker:assignment-transition", share,
         {"transition": "complete", "reason": "已补充整改照片，全部完成"})  # fmt: skip

    # Close-out.
    client.force_login(supervisor)
    html = post(client, "tracker:assignment-transition", share, {"transition": "close"})
    assert "已销号" in html
    share.refresh_from_db()
    assert (share.status, share.closed_by) == (S.CLOSED, supervisor)

    timeline = list(
        HistoryEntry.objects.filter(assignment=share).order_by("at", "pk").values_list(
            "kind", "new_value")
    )  # fmt: skip
    assert timeline == [
        ("created", "青石镇（" + share.get_role_display() + "）"),
        ("status", "推进中"),
        ("progress", "60%"),
        ("status", "已完成（待审核）"),
        ("returned", "推进中"),
        ("progress", "100%"),
        ("status", "已完成（待审核）"),
        ("closed", "已销号"),
    ]
    task_page = client.get(task.get_absolute_url()).content.decode()
    assert '<mark class="quote">' in task_page
    assert "已销号" in task_page
