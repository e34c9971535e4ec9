import lxml.html
import pytest
import time_machine
from django.urls import reverse

from tests.tracker.dashboard_data import at, build_ledger, views_on_today
from tracker.models import Assignment, HistoryEntry, ProgressReport
from tracker.services import assignments as workflow
from tracker.views import units_page

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ledger(town_a, town_b):
    with views_on_today():
        yield build_ledger(town_a, town_b)


@pytest.mark.django_db
def test_leader_sees_dashboard_with_units_and_the_light_rule(client, leader, town_a, ledger):
    client.force_login(leader)
    page = client.get(reverse("tracker:dashboard"))
    assert page.status_code == 200
    assert f'href="{reverse("tracker:unit-page", args=[town_a.pk])}"' in page.text
    assert "<html" in page.text
    assert "甲镇" in page.text and "青山街道" in page.text
    assert "有逾期未完成的任务" in page.text
    assert "<svg" in page.text


@pytest.mark.django_db
def test_unit_staff_get_403_on_the_dashboard(client, town_a_staff, ledger):
    client.force_login(town_a_staff)
    assert client.get(reverse("tracker:dashboard")).status_code == 403


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_partial(client, supervisor, ledger):
    client.force_login(supervisor)
    response = client.get(reverse("tracker:dashboard"), {"kind": "street"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="dashboard-results"')
    assert "青山街道" in response.text and "甲镇" not in response.text
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_history_restore_gets_the_full_page(client, supervisor, ledger):
    client.force_login(supervisor)
    response = client.get(
        reverse("tracker:dashboard"),
        {"kind": "street"},
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        **HTMX,
    )
    assert "<html" in response.text
    assert 'id="dashboard-filters"' in response.text


@pytest.mark.django_db
def test_bad_filter_is_explained_and_ignored(client, leader, ledger):
    from tracker.filters import BAD_STATE

    client.force_login(leader)
    response = client.get(reverse("tracker:dashboard"), {"state": "<script>"})
    assert BAD_STATE in response.text
    assert "<script>" not in response.text.split('id="dashboard-results"')[1]
    assert "甲镇" in response.text


@pytest.mark.django_db
def test_home_sends_each_role_to_its_start_page(client, leader, town_a_staff):
    client.force_login(leader)
    assert client.get("/").url == reverse("tracker:dashboard")
    client.force_login(town_a_staff)
    assert client.get("/").url == reverse("tracker:my-tasks")


@pytest.mark.django_db
def test_unit_page_of_another_unit_is_404_for_unit_staff(client, town_b_staff, town_a, ledger):
    client.force_login(town_b_staff)
    assert client.get(reverse("tracker:unit-page", args=[town_a.pk])).status_code == 404


def _group_titles(page) -> dict[str, list[str]]:
    """The rows' text under each group section of the unit page, keyed by the group's id."""
    tree = lxml.html.document_fromstring(page.content)
    return {
        section.get("aria-labelledby"): [
            " ".join(row.text_content().split()) for row in section.xpath(".//li")
        ]
        for section in tree.xpath("//section[contains(@class, 'assignment-group')]")
    }


@pytest.mark.django_db
def test_unit_page_shows_groups_and_buttons_for_own_unit(client, town_a_staff, town_a, ledger):
    client.force_login(town_a_staff)
    page = client.get(reverse("tracker:unit-page", args=[town_a.pk]))
    assert page.status_code == 200
    groups = _group_titles(page)
    assert list(groups) == ["group-overdue", "group-this_week", "group-done", "group-closed"]
    assert any(
        "整治农村人居环境" in row and "2026年11月20日" in row for row in groups["group-overdue"]
    )
    assert any("召开专题会议" in row for row in groups["group-this_week"])
    assert any("报送工作总结" in row for row in groups["group-done"])
    assert any("完成党员信息采集" in row for row in groups["group-closed"])
    # Rows carry no forms: the state buttons come with the row's panel, opened on demand.
    assert "data-transition" not in page.text
    panel_url = reverse("tracker:unit-assignment-panel", args=[town_a.pk, ledger["a_overdue"].pk])
    assert f'href="{panel_url}"' in page.text
    assert 'data-transition="start"' in client.get(panel_url, **HTMX).text


@pytest.mark.django_db
def test_unit_page_regroups_as_the_days_pass(client, town_a_staff, town_a, ledger):
    with time_machine.travel(at(2026, 11, 28, 10), tick=True):
        client.force_login(town_a_staff)
        groups = _group_titles(client.get(reverse("tracker:unit-page", args=[town_a.pk])))
    assert "group-this_week" not in groups
    assert sum("召开专题会议" in row for row in groups["group-overdue"]) == 1


@pytest.mark.django_db
def test_leader_reads_unit_page_without_any_form(client, leader, town_a, ledger):
    client.force_login(leader)
    page = client.get(reverse("tracker:unit-page", args=[town_a.pk]))
    assert page.status_code == 200
    assert "data-transition" not in page.text and "提交进展" not in page.text


@pytest.mark.django_db
def test_inline_transition_changes_state_and_returns_the_row(client, town_a_staff, town_a, ledger):
    a = ledger["a_overdue"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-transition", args=[town_a.pk, a.pk])
    response = client.post(url, {"transition": "start", "version": a.version}, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<li class="assignment-card status-in_progress')
    assert f'id="assignment-{a.pk}"' in response.text and 'id="unit-work"' not in response.text
    assert units_page.SAVED in response.text
    a.refresh_from_db()
    assert a.status == Assignment.Status.IN_PROGRESS
    assert HistoryEntry.objects.filter(assignment=a, kind=HistoryEntry.Kind.STATUS).count() == 1


@pytest.mark.django_db
def test_stale_version_is_refused_and_nothing_changes(client, town_a_staff, town_a, ledger):
    a = ledger["a_overdue"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-transition", args=[town_a.pk, a.pk])
    response = client.post(url, {"transition": "start", "version": a.version + 5}, **HTMX)
    assert workflow.STALE_VERSION in response.text
    a.refresh_from_db()
    assert a.status == Assignment.Status.PENDING


@pytest.mark.django_db
def test_forged_transition_on_another_units_assignment_is_404(
    client, town_b_staff, town_a, town_b, ledger
):
    a = ledger["a_overdue"]
    client.force_login(town_b_staff)
    for unit in (town_a, town_b):
        url = reverse("tracker:unit-assignment-transition", args=[unit.pk, a.pk])
        assert client.post(url, {"transition": "start", "version": a.version}).status_code == 404
    a.refresh_from_db()
    assert (a.status, a.version) == (Assignment.Status.PENDING, 1)


@pytest.mark.django_db
def test_leader_cannot_change_state_403(client, leader, town_a, ledger):
    a = ledger["a_overdue"]
    client.force_login(leader)
    url = reverse("tracker:unit-assignment-transition", args=[town_a.pk, a.pk])
    assert client.post(url, {"transition": "start", "version": a.version}).status_code == 403
    a.refresh_from_db()
    assert a.status == Assignment.Status.PENDING


@pytest.mark.django_db
def test_inline_report_files_progress(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    response = client.post(
        url, {"text": "已召开筹备会", "progress": "70", "version": a.version}, **HTMX
    )
    assert units_page.REPORTED in response.text
    a.refresh_from_db()
    assert a.progress == 70
    assert ProgressReport.objects.get(assignment=a).text == "已召开筹备会"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "progress": "70"}, workflow.REPORT_TEXT_REQUIRED),
        ({"text": "进展", "progress": "170"}, workflow.PROGRESS_OUT_OF_RANGE),
        ({"text": "进展", "progress": "10"}, workflow.PROGRESS_DECREASE.format(current=40)),
    ],
)
def test_bad_report_is_explained_and_changes_nothing(
    client, town_a_staff, town_a, ledger, data, message
):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    response = client.post(url, {**data, "version": a.version}, **HTMX)
    assert message in response.text
    a.refresh_from_db()
    assert (a.progress, a.version) == (40, 1)
    assert not ProgressReport.objects.filter(assignment=a).exists()


@pytest.mark.django_db
def test_my_tasks_is_the_own_units_work(client, town_a_staff, ledger):
    client.force_login(town_a_staff)
    page = client.get(reverse("tracker:my-tasks"))
    assert page.status_code == 200
    assert "我的任务" in page.text and "召开专题会议" in page.text
    assert "建立工作台账" not in page.text  # town B's


@pytest.mark.django_db
def test_my_tasks_sends_supervisors_to_the_dashboard(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("tracker:my-tasks")).url == reverse("tracker:dashboard")


@pytest.mark.django_db
def test_export_and_print_links_carry_the_current_filters(client, leader, ledger):
    client.force_login(leader)
    response = client.get(reverse("tracker:dashboard"), {"kind": "street", "state": ""}, **HTMX)
    assert f'action="{reverse("tracker:ledger-export")}?kind=street"' in response.text
    assert f'href="{reverse("tracker:ledger-print")}?kind=street"' in response.text
    assert response["HX-Push-Url"] == reverse("tracker:dashboard") + "?kind=street"
