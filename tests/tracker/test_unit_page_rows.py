"""Unit page rows opened on demand, and inline updates that answer with the changed row."""

from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.tracker.dashboard_data import build_ledger, make_assignment, views_on_today
from tests.tracker.evidence_samples import PDF, upload
from tracker.forms import VERSION_MISSING, ProgressReportForm, TransitionForm
from tracker.models import Assignment, Evidence, ProgressReport
from tracker.services import assignments as workflow
from tracker.views import units_page

HTMX = {"HTTP_HX_REQUEST": "true"}
S = Assignment.Status


@pytest.fixture
def ledger(town_a, town_b):
    with views_on_today():
        yield build_ledger(town_a, town_b)


def _panel_url(unit, assignment) -> str:
    return reverse("tracker:unit-assignment-panel", args=[unit.pk, assignment.pk])


def _transition(client, unit, a, transition: str, version: int | None = None, reason: str = ""):
    url = reverse("tracker:unit-assignment-transition", args=[unit.pk, a.pk])
    data = {"transition": transition, "version": a.version if version is None else version}
    if reason or transition == "complete":  # 办结 comes with the final report, 退回 a reason
        data["reason"] = reason or "已全部完成"
    return client.post(url, data, **HTMX)


def _oob(response) -> dict[str, str]:
    """Out-of-band parts of an update response: hx-swap-oob value by the element's id or tag."""
    fragment = lxml.html.fragment_fromstring(response.text, create_parent="div")
    return {
        el.get("id") or el.tag: el.get("hx-swap-oob") for el in fragment.xpath("*[@hx-swap-oob]")
    }


@pytest.mark.django_db
def test_opened_row_offers_its_forms_with_the_current_version(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    response = client.get(_panel_url(town_a, a), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and "HX-Request" in response["Vary"]
    tree = lxml.html.fragment_fromstring(response.text, create_parent="div")
    actions = {form.get("hx-post") for form in tree.xpath("//form")}
    assert actions == {
        reverse("tracker:unit-assignment-transition", args=[town_a.pk, a.pk]),
        reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk]),
    }
    assert tree.xpath("//button/@data-transition") == ["complete"]  # with its final report
    assert tree.xpath("//details[@data-transition-box='complete']//textarea/@name") == ["reason"]
    assert set(tree.xpath("//input[@name='version']/@value")) == {str(a.version)}
    assert tree.xpath("//input[@name='progress']/@value") == ["40"]


@pytest.mark.django_db
def test_row_panel_without_htmx_is_the_unit_page_with_that_row_open(
    client, town_a_staff, town_a, ledger
):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    page = client.get(_panel_url(town_a, a))
    assert "<html" in page.text
    tree = lxml.html.document_fromstring(page.content)
    assert tree.xpath(f"//div[@id='row-panel-{a.pk}']//button[@data-transition='complete']")
    assert len(tree.xpath("//div[@class='row-panel-body']")) == 1


@pytest.mark.django_db
def test_row_panel_of_another_units_assignment_is_404(client, town_b_staff, town_a, town_b, ledger):
    a = ledger["a_week"]
    client.force_login(town_b_staff)
    for unit in (town_a, town_b):
        assert client.get(_panel_url(unit, a), **HTMX).status_code == 404
        assert client.get(_panel_url(unit, a)).status_code == 404


@pytest.mark.django_db
def test_leader_opens_a_row_and_sees_no_form(client, leader, town_a, ledger):
    client.force_login(leader)
    page = client.get(reverse("tracker:unit-page", args=[town_a.pk]))
    assert 'class="row-open"' not in page.text  # nothing to do: no 办理 link
    response = client.get(_panel_url(town_a, ledger["a_week"]), **HTMX)
    assert response.status_code == 200
    assert "<form" not in response.text
    assert units_page.NOTHING_TO_DO in response.text


@pytest.mark.django_db
def test_supervisor_opens_a_done_row_to_close_it(client, supervisor, town_a, ledger):
    client.force_login(supervisor)
    response = client.get(_panel_url(town_a, ledger["a_done"]), **HTMX)
    assert 'data-transition="close"' in response.text
    assert "提交进展" not in response.text  # a done row takes no more reports


@pytest.mark.django_db
def test_report_answers_with_the_changed_row_alone(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    response = client.post(url, {"text": "已召开筹备会", "progress": "70", "version": 1}, **HTMX)
    assert response.text.lstrip().startswith("<li")
    tree = lxml.html.fragment_fromstring(response.text, create_parent="div")
    assert [li.get("id") for li in tree.xpath("li")] == [f"assignment-{a.pk}"]
    assert tree.xpath("li//span[@data-progress]")[0].text == "70%"
    assert tree.xpath("li//p[@class='saved']")[0].text == units_page.REPORTED
    assert not tree.xpath("li//form")  # a saved report closes the panel
    assert _oob(response) == {}  # progress moves no figure: they change with the group only
    assert "整治农村人居环境" not in response.text  # no other row is rendered


@pytest.mark.django_db
def test_stale_report_is_refused_with_the_panel_open_and_the_text_kept(
    client, town_a_staff, town_a, ledger
):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    response = client.post(url, {"text": "已召开筹备会", "progress": "70", "version": 7}, **HTMX)
    tree = lxml.html.fragment_fromstring(response.text, create_parent="div")
    assert tree.xpath("li//p[@role='alert']")[0].text == workflow.STALE_VERSION
    assert tree.xpath("li//textarea[@name='text']")[0].text == "已召开筹备会"
    assert tree.xpath("li//input[@name='progress']/@value") == ["70"]
    assert tree.xpath("li//input[@name='version']/@value")[0] == "1"  # retry works as is
    a.refresh_from_db()
    assert (a.progress, a.version) == (40, 1)
    assert not ProgressReport.objects.filter(assignment=a).exists()


@pytest.mark.django_db
def test_completed_row_moves_to_the_done_group_out_of_band(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]  # the only row due this week; 报送工作总结 is done already
    client.force_login(town_a_staff)
    response = _transition(client, town_a, a, "complete")
    a.refresh_from_db()
    assert a.status == S.DONE
    assert _oob(response) == {
        "div": "beforeend:#unit-group-done-list",  # due after the done row there
        "unit-group-done-count": "true",
        "unit-group-this_week": "delete",
        "unit-figures": "true",
    }
    tree = lxml.html.fragment_fromstring(response.text, create_parent="div")
    assert not tree.xpath("li"), "the row must leave its old place"
    moved = tree.xpath("div")[0]
    assert f'id="assignment-{a.pk}"' in lxml.html.tostring(moved, encoding="unicode")
    assert tree.xpath("small[@id='unit-group-done-count']")[0].text == "2 项"
    assert tree.xpath("//strong[@data-figure='done']")[0].text == "3"


@pytest.mark.django_db
def test_moved_row_goes_before_the_next_row_of_its_new_group(client, town_b_staff, town_b, ledger):
    a = ledger["b_today"]  # due today; the done row 建立工作台账 has no due date, so comes last
    client.force_login(town_b_staff)
    response = _transition(client, town_b, a, "complete")
    oob = _oob(response)
    assert oob["div"] == f"beforebegin:#assignment-{ledger['b_done_no_due'].pk}"
    assert oob["unit-group-this_week"] == "delete"


@pytest.mark.django_db
def test_row_moving_into_an_empty_group_brings_its_section(
    client, supervisor, town_b_staff, town_b, ledger
):
    client.force_login(supervisor)
    response = _transition(client, town_b, ledger["b_done_no_due"], "close")
    assert _oob(response)["div"] == "beforeend:#unit-groups"  # 已销号 is the last group
    assert _oob(response)["unit-group-done"] == "delete"
    client.force_login(town_b_staff)
    response = _transition(client, town_b, ledger["b_today"], "complete")
    assert _oob(response)["div"] == "beforebegin:#unit-group-closed"
    moved = lxml.html.fragment_fromstring(response.text, create_parent="div").xpath("div")[0]
    moved = lxml.html.tostring(moved, encoding="unicode")
    assert '<section class="panel assignment-group group-done" id="unit-group-done"' in moved
    assert f'id="assignment-{ledger["b_today"].pk}"' in moved and "1 项" in moved


@pytest.mark.django_db
def test_row_staying_in_its_group_is_swapped_in_place(client, town_a_staff, town_a, ledger):
    a = ledger["a_overdue"]  # pending and overdue: started, it is still overdue
    client.force_login(town_a_staff)
    response = _transition(client, town_a, a, "start")
    assert _oob(response) == {}  # 未开始 and 推进中 count alike in every figure
    assert units_page.SAVED in response.text


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {}, **HTMX)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_panel_and_update_queries_do_not_grow_with_rows(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    report = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    complete = reverse("tracker:unit-assignment-transition", args=[town_a.pk, a.pk])
    small = (
        _count(client, "get", _panel_url(town_a, a)),
        _count(client, "post", report, {"text": "一", "progress": "50", "version": 1}),
        _count(client, "post", complete, {"transition": "complete", "version": 2, "reason": "完"}),
    )
    for i in range(15):
        make_assignment(town_a, title=f"新增任务{i}", status=S.DONE, due_on=date(2026, 12, i + 1))
    b = make_assignment(town_a, title="又一项", status=S.IN_PROGRESS, due_on=date(2026, 11, 26))
    report = reverse("tracker:unit-assignment-report", args=[town_a.pk, b.pk])
    complete = reverse("tracker:unit-assignment-transition", args=[town_a.pk, b.pk])
    large = (
        _count(client, "get", _panel_url(town_a, b)),
        _count(client, "post", report, {"text": "二", "progress": "60", "version": 1}),
        _count(client, "post", complete, {"transition": "complete", "version": 2, "reason": "完"}),
    )
    assert large == small  # the last one moves a row into the done group, both times


@pytest.mark.django_db
def test_refused_final_report_reopens_its_form_with_the_text(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    response = _transition(client, town_a, a, "complete", version=9, reason="已召开大会")
    tree = lxml.html.fragment_fromstring(response.text, create_parent="div")
    assert tree.xpath("li//p[@role='alert']")[0].text == workflow.STALE_VERSION
    box = tree.xpath("li//details[@data-transition-box='complete']")[0]
    assert box.get("open") is not None and box.xpath(".//textarea")[0].text == "已召开大会"
    a.refresh_from_db()
    assert a.status == S.IN_PROGRESS


@pytest.mark.django_db
def test_supervisor_returns_a_done_row_from_the_unit_page(client, supervisor, town_a, ledger):
    a = ledger["a_done"]
    client.force_login(supervisor)
    panel = client.get(_panel_url(town_a, a), **HTMX).text
    assert 'data-transition-box="return"' in panel and "退回理由" in panel
    response = _transition(client, town_a, a, "return", reason="佐证材料不全")
    a.refresh_from_db()
    assert a.status == S.IN_PROGRESS
    assert _oob(response)["unit-group-done"] == "delete"
    # Back among the overdue, after 整治农村人居环境: the same due date, created first.
    assert _oob(response)["div"] == "beforeend:#unit-group-overdue-list"


@pytest.mark.django_db
def test_row_panel_posts_the_assignment_pages_form_fields(client, town_a_staff, town_a, ledger):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    tree = lxml.html.fragment_fromstring(
        client.get(_panel_url(town_a, a), **HTMX).text, create_parent="div"
    )
    report = tree.xpath("//form[contains(@class, 'report-form')]")[0]
    names = {el.get("name") for el in report.xpath(".//*[@name]")} - {"csrfmiddlewaretoken"}
    assert names == set(ProgressReportForm.base_fields)
    final = tree.xpath("//details[@data-transition-box='complete']//form")[0]
    names = {el.get("name") for el in final.xpath(".//*[@name]")} - {"csrfmiddlewaretoken"}
    assert names == set(TransitionForm.base_fields)


@pytest.mark.django_db
def test_inline_report_stores_its_evidence_and_refuses_a_forged_version(
    client, town_a_staff, town_a, ledger
):
    a = ledger["a_week"]
    client.force_login(town_a_staff)
    url = reverse("tracker:unit-assignment-report", args=[town_a.pk, a.pk])
    data = {"text": "已召开筹备会", "progress": "70"}
    refused = client.post(url, {**data, "version": "x"}, **HTMX)
    alert = lxml.html.fragment_fromstring(refused.text, create_parent="div").xpath("li//p[@role]")
    assert alert[0].text == VERSION_MISSING
    response = client.post(url, {**data, "version": 1, "files": upload("会议.pdf", PDF)}, **HTMX)
    assert units_page.REPORTED in response.text
    assert Evidence.objects.get(report__assignment=a).original_name == "会议.pdf"
