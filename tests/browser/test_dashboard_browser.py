import re

import pytest
from playwright.sync_api import expect

from tests.tracker.dashboard_data import build_ledger, views_on_today
from tracker.models import Assignment

pytestmark = pytest.mark.browser


@pytest.fixture
def ledger(town_a, town_b):
    with views_on_today():
        yield build_ledger(town_a, town_b)


def unit_names(page) -> list[str]:
    return page.locator(".unit-table tbody th[scope=row] a").all_inner_texts()


def test_supervisor_logs_in_and_filters_the_dashboard_without_reload(
    page, login, mark_document, supervisor, ledger
):
    login("supervisor")
    expect(page).to_have_url(re.compile(r"/worklist/$"))  # a supervisor's day starts on 待办
    page.get_by_role("link", name="督办总览").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name="督办总览")).to_be_visible()
    assert sorted(unit_names(page)) == sorted(["甲镇", "乙镇", "青山街道"])
    mark_document()

    page.get_by_label("单位类别").select_option("street")
    expect(page).to_have_url(re.compile(r"kind=street"))
    expect(page.locator(".unit-table tbody tr")).to_have_count(1)
    assert unit_names(page) == ["青山街道"]
    assert mark_document.still_same(), "filtering reloaded the whole page"

    page.get_by_label("搜索").fill("甲镇")
    expect(page).to_have_url(re.compile(r"q=%E7%94%B2%E9%95%87"))
    expect(page.locator(".unit-table tbody td.empty")).to_have_text("没有符合条件的任务")

    # The back button brings the previous filter back, and the URL is shareable as is.
    page.go_back()
    expect(page).to_have_url(re.compile(r"kind=street$"))
    expect(page.locator(".unit-table tbody tr")).to_have_count(1)
    shared = page.url
    page.goto(shared)
    assert unit_names(page) == ["青山街道"]
    expect(page.get_by_label("单位类别")).to_have_value("street")


def test_sorting_by_a_column_keeps_the_filter_in_the_url(page, login, supervisor, ledger):
    login("supervisor")
    page.goto("/dashboard/")
    page.get_by_label("状态").select_option("open")
    expect(page).to_have_url(re.compile(r"state=open"))
    page.get_by_role("link", name=re.compile("^完成率")).click()
    expect(page).to_have_url(re.compile(r"state=open.*sort=-completion"))
    expect(page.locator(".unit-table thead th[aria-sort=descending]")).to_have_count(1)


def test_unit_staff_changes_a_state_inline_and_figures_follow(
    page, login, mark_document, town_a_staff, ledger
):
    a = ledger["a_week"]  # in progress, due this week
    login("town_a_staff")
    expect(page).to_have_url(re.compile(r"/my/$"))
    done = page.locator("[data-figure=done]")
    expect(done).to_have_text("2")
    mark_document()

    row = page.locator(f"#assignment-{a.pk}")
    expect(row.locator("form")).to_have_count(0)  # the forms come when the row is opened
    row.get_by_role("link", name="办理").click()
    row.get_by_text("标记完成", exact=True).first.click()  # opens the final report form
    row.get_by_label("办结情况").fill("已全部完成")
    row.get_by_role("button", name="标记完成").click()

    # The row moves to the done group; its old group, now empty, goes away.
    row = page.locator(f"#unit-group-done #assignment-{a.pk}")
    expect(row.locator(".status-badge")).to_have_text("已完成（待审核）")
    expect(row.locator(".saved")).to_have_text("已保存")
    expect(page.locator("[data-figure=done]")).to_have_text("3")
    expect(page.locator("#unit-group-this_week")).to_have_count(0)
    expect(page.locator("#unit-group-done-count")).to_have_text("2 项")
    expect(page.locator(f"#assignment-{a.pk}")).to_have_count(1)
    assert mark_document.still_same(), "the inline update reloaded the page"
    a.refresh_from_db()
    assert a.status == Assignment.Status.DONE


def test_unit_staff_reports_progress_from_an_opened_row(
    page, login, mark_document, town_a_staff, ledger
):
    a = ledger["a_week"]
    login("town_a_staff")
    mark_document()
    row = page.locator(f"#assignment-{a.pk}")
    row.get_by_role("link", name="办理").click()
    row.get_by_label("进展情况").fill("已召开筹备会")
    row.get_by_label("进度（%）").fill("20")  # lower than the 40% of last time
    row.get_by_role("button", name="提交进展").click()
    expect(row.get_by_role("alert")).to_contain_text("进度不能低于上次填报的 40%")
    expect(row.get_by_label("进展情况")).to_have_value("已召开筹备会")  # kept for the retry

    row.get_by_label("进度（%）").fill("70")
    row.get_by_role("button", name="提交进展").click()
    expect(row.locator(".saved")).to_have_text("进展已提交")
    expect(row.locator("[data-progress]")).to_have_text("70%")
    expect(row.locator("form")).to_have_count(0)
    assert mark_document.still_same(), "the inline update reloaded the page"
    a.refresh_from_db()
    assert a.progress == 70


def test_phone_width_dashboard_shows_cards_and_no_sideways_scroll(page, login, leader, ledger):
    page.set_viewport_size({"width": 375, "height": 740})
    login("leader")
    expect(page.get_by_role("heading", name="督办总览")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at 375px"
    expect(page.locator(".unit-table thead")).not_to_be_in_viewport()
    expect(page.get_by_label("排序")).to_be_visible()


def test_phone_width_unit_page_is_usable(page, login, town_a_staff, ledger):
    page.set_viewport_size({"width": 375, "height": 740})
    login("town_a_staff")
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at 375px"
    page.get_by_role("link", name="办理").first.click()  # the overdue row, not started yet
    expect(page.get_by_role("button", name="开始推进")).to_be_visible()
    expect(page.get_by_role("button", name="提交进展")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"an opened row makes the page {width}px wide at 375px"


def test_custom_due_window_shows_date_fields_and_lands_in_the_url(page, login, leader, ledger):
    login("leader")
    date_from = page.get_by_label("从")
    expect(date_from).to_be_hidden()
    page.get_by_label("完成时限").select_option("custom")
    expect(date_from).to_be_visible()
    date_from.fill("2026-12-01")
    date_from.dispatch_event("change")
    expect(page).to_have_url(re.compile(r"due=custom&from=2026-12-01"))
    assert sorted(unit_names(page)) == [
        "乙镇",
        "青山街道",
    ]


def test_clear_filters_after_a_search_shows_everything_without_syntax_errors(
    page, login, leader, ledger
):
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    login("leader")
    expect(page.get_by_role("heading", name="督办总览")).to_be_visible()
    page.get_by_label("搜索").fill("甲镇")
    expect(page).to_have_url(re.compile(r"q=%E7%94%B2%E9%95%87"))
    for _ in range(4):  # the issue: 4 of 4 tries did nothing
        page.get_by_label("搜索").fill("青山")
        page.get_by_role("link", name="清除筛选").click()
        expect(page).to_have_url(re.compile(r"/dashboard/$"))
        expect(page.get_by_label("搜索")).to_have_value("")
        expect(page.locator(".unit-table tbody th[scope=row]")).to_have_count(3)
    assert not [text for text in console_errors if "syntax" in text], console_errors
