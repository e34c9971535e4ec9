"""The 督查室 worklist: every section counts and lists what waits, each action one click away."""

from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from directory.models import Unit
from tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory, UnitFactory
from tracker import selectors_worklist
from tracker.models import Assignment, ExtensionRequest, HistoryEntry, Notification
from tracker.services import assignments as workflow
from tracker.views import worklist as views

S = Assignment.Status
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def work(town_a, town_b, town_a_staff, town_b_staff):
    """One item in every section of the worklist."""
    done = AssignmentFactory(
        unit=town_a, status=S.DONE, progress=100, completed_at=NOW, due_on=TODAY,
        task=TaskFactory(title="完成党员信息采集", due_on=TODAY),
    )  # fmt: skip
    extended = AssignmentFactory(
        unit=town_b, status=S.IN_PROGRESS, due_on=TODAY + timedelta(days=3),
        task=TaskFactory(title="整治软弱涣散党组织", due_on=TODAY + timedelta(days=3)),
    )  # fmt: skip
    extension = ExtensionRequest.objects.create(
        assignment=extended, requested_by=town_b_staff, requested_at=NOW,
        old_due_on=extended.due_on, new_due_on=TODAY + timedelta(days=30), reason="资金未到位",
    )  # fmt: skip
    late = AssignmentFactory(
        unit=town_a, status=S.IN_PROGRESS, due_on=TODAY - timedelta(days=5),
        task=TaskFactory(title="建设村级活动场所", due_on=TODAY - timedelta(days=5)),
    )  # fmt: skip
    DirectiveFactory()  # a pending candidate of a newly imported document
    orphan = UnitFactory(name="丙镇", kind=Unit.Kind.TOWNSHIP)
    AssignmentFactory(unit=orphan, due_on=TODAY + timedelta(days=20))
    return {"done": done, "extension": extension, "late": late, "orphan": orphan}


@pytest.mark.django_db
def test_every_section_counts_what_waits(work):
    work_list = selectors_worklist.worklist(today=TODAY)
    assert work_list.counts() == {
        "completions": 1,
        "extensions": 1,
        "late_reports": 0,
        "overdue": 1,
        "documents": 1,
        "no_account": 1,
    }
    assert work_list.sections["completions"].items == [work["done"]]
    assert work_list.sections["overdue"].items == [work["late"]]
    assert work_list.sections["no_account"].items == [work["orphan"]]


@pytest.mark.django_db
def test_supervisor_starts_the_day_on_the_worklist(client, supervisor, work, clock):
    client.force_login(supervisor)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("tracker:worklist")
    page = lxml.html.fromstring(response.content)
    counts = {a.get("data-count"): a.findtext("strong") for a in page.xpath("//a[@data-count]")}
    assert counts == {
        "completions": "1", "extensions": "1", "late_reports": "0", "overdue": "1",
        "documents": "1", "no_account": "1",
    }  # fmt: skip
    assert "完成党员信息采集" in response.text and "整治软弱涣散党组织" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "town_a_staff"])
def test_only_supervisors_have_a_worklist(client, request, persona, work):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("tracker:worklist")).status_code == 403


@pytest.mark.django_db
def test_close_is_one_click_and_the_counts_follow(client, supervisor, work, clock):
    client.force_login(supervisor)
    done = work["done"]
    response = client.post(
        reverse("tracker:worklist-transition", args=[done.pk]),
        {"transition": "close", "version": done.version},
        **HTMX,
    )
    assert response.status_code == 200
    assert views.CLOSED in response.text
    assert response.headers["HX-Trigger"] == '{"notifications-changed": {}}'
    page = lxml.html.fromstring(response.content)
    assert page.xpath('//a[@data-count="completions"]/strong')[0].text == "0"
    done.refresh_from_db()
    assert (done.status, done.closed_by, done.progress) == (S.CLOSED, supervisor, 100)


@pytest.mark.django_db
def test_return_from_the_worklist_needs_and_sends_the_reason(
    client, supervisor, town_a_staff, work, clock
):
    client.force_login(supervisor)
    done = work["done"]
    url = reverse("tracker:worklist-transition", args=[done.pk])
    refused = client.post(url, {"transition": "return", "version": done.version}, **HTMX)
    assert workflow.RETURN_REASON_REQUIRED in refused.text
    client.post(
        url, {"transition": "return", "version": done.version, "reason": "请补充照片"}, **HTMX
    )
    done.refresh_from_db()
    assert done.status == S.IN_PROGRESS
    assert Notification.objects.filter(recipient=town_a_staff, kind="returned").exists()


@pytest.mark.django_db
def test_extension_is_decided_from_the_worklist(client, supervisor, work, clock):
    client.force_login(supervisor)
    extension = work["extension"]
    response = client.post(
        reverse("tracker:worklist-decide", args=[extension.pk]),
        {"decision": "approve", "version": extension.assignment.version},
        **HTMX,
    )
    assert views.DECIDED in response.text
    extension.refresh_from_db()
    extension.assignment.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert extension.assignment.due_on == TODAY + timedelta(days=30)


@pytest.mark.django_db
def test_bell_carries_the_worklist_counts_for_supervisors(client, supervisor, work, clock):
    client.force_login(supervisor)
    bell = client.get(reverse("tracker:notification-bell"), **HTMX).text
    assert 'aria-label="待办，5 项"' in bell
    assert "待销号 1 · 延期申请 1 · 报送逾期 0 · 办理逾期 1 · 待审核文件 1 · 无账号单位 1" in bell
    assert reverse("tracker:worklist") in bell


@pytest.mark.django_db
def test_unit_staff_bell_has_no_worklist(client, town_a_staff, work, clock):
    client.force_login(town_a_staff)
    assert "待办" not in client.get(reverse("tracker:notification-bell"), **HTMX).text


@pytest.mark.django_db
def test_a_unit_finishing_or_asking_for_more_time_tells_the_supervisors(
    supervisor, town_a_staff, town_a
):
    share = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS, due_on=TODAY)
    workflow.apply_transition(
        assignment=share, transition="complete", actor=town_a_staff, now=NOW,
        expected_version=1, reason="已全部完成",
    )  # fmt: skip
    other = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS, due_on=TODAY)
    workflow.request_extension(
        assignment=other, requested_by=town_a_staff, now=NOW,
        new_due_on=TODAY + timedelta(days=10), reason="资金未到位", expected_version=1,
    )  # fmt: skip
    told = Notification.objects.filter(recipient=supervisor).order_by("pk")
    assert [(n.kind, n.assignment_id) for n in told] == [
        ("completed", share.pk),
        ("extension_requested", other.pk),
    ]
    assert told[0].subject == workflow.COMPLETED_SUBJECT.format(
        unit=town_a.display_name, task=share.task.title
    )
    assert "已全部完成" in told[0].body


@pytest.mark.django_db
def test_worklist_page_query_count_does_not_grow_with_items(
    client, supervisor, work, clock, django_assert_max_num_queries
):
    client.force_login(supervisor)
    for _ in range(5):
        AssignmentFactory(status=S.DONE, progress=100, completed_at=NOW)
        AssignmentFactory(due_on=TODAY - timedelta(days=2))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("tracker:worklist")).status_code == 200
    assert HistoryEntry.objects.count() == 0  # reading changes nothing
