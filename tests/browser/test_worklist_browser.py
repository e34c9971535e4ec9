"""The 督查室's daily loop in Chromium: the worklist, 催办, and a task edit reaching its units."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AssignmentFactory, TaskFactory
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import urging

pytestmark = pytest.mark.browser
S = Assignment.Status


def test_supervisor_closes_a_completion_in_one_click_and_the_counts_follow(
    page, login, mark_document, supervisor, town_a_staff, town_a
):
    now = timezone.now()
    done = AssignmentFactory(
        unit=town_a, status=S.DONE, progress=100, completed_at=now,
        task=TaskFactory(title="完成党员信息采集"),
    )  # fmt: skip
    login("supervisor")
    expect(page).to_have_url(re.compile(r"/worklist/$"))
    completions = page.locator('[data-count="completions"] strong')
    expect(completions).to_have_text("1")
    expect(page.locator("#notification-bell .todo-count")).to_have_text("1")
    mark_document()

    page.locator(f'#work-completions [data-assignment="{done.pk}"]').get_by_role(
        "button", name="销号"
    ).click()

    expect(page.locator("#worklist .message.success")).to_have_text("已销号")
    expect(completions).to_have_text("0")
    expect(page.locator("#work-completions")).to_contain_text("没有待销号的任务")
    expect(page.locator("#notification-bell .todo-count")).to_have_count(0)  # the bell follows
    assert mark_document.still_same(), "closing reloaded the page"
    done.refresh_from_db()
    assert (done.status, done.progress) == (S.CLOSED, 100)


def test_supervisor_urges_an_overdue_assignment_and_the_unit_sees_it(
    page, login, supervisor, town_a_staff, town_a
):
    late = AssignmentFactory(
        unit=town_a, due_on=timezone.localdate() - timedelta(days=5),
        task=TaskFactory(title="建设村级活动场所"),
    )  # fmt: skip
    login("supervisor")
    item = page.locator(f'#work-overdue [data-assignment="{late.pk}"]')
    expect(item.locator("[data-urge-count]")).to_have_text("0")
    item.get_by_label("催办内容").fill("请本周内办结并报送")
    item.get_by_role("button", name="催办").click()
    expect(page.locator("#worklist .message.success")).to_contain_text("已催办")
    item = page.locator(f'#work-overdue [data-assignment="{late.pk}"]')
    expect(item.locator("[data-urge-count]")).to_have_text("1")
    # Twice the same day is refused, and nothing more is sent.
    item.get_by_role("button", name="催办").click()
    expect(page.locator("#worklist .message.error")).to_have_text(urging.URGED_TODAY)
    assert HistoryEntry.objects.filter(assignment=late, kind="urged").count() == 1

    page.get_by_role("button", name="退出").click()
    login("town_a_staff")
    expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
    page.goto(late.get_absolute_url())
    log = page.locator("table.reminder-log")
    expect(log).to_contain_text("督查室催办")
    expect(log).to_contain_text("已送达")
    assert Notification.objects.filter(assignment=late, kind="urged").count() == 1


def test_a_deadline_and_a_unit_set_on_the_task_page_reach_the_units(
    page, login, supervisor, town_a, town_b, town_b_staff
):
    task = TaskFactory(title="整治软弱涣散党组织", due_on=None)
    share = AssignmentFactory(task=task, unit=town_a, due_on=None)
    login("supervisor")
    page.goto(f"/tasks/{task.pk}/")
    expect(page.locator(f'tr[data-assignment="{share.pk}"]')).to_contain_text("未设时限")
    page.get_by_text("修改任务").click()
    due = timezone.localdate() + timedelta(days=40)
    page.get_by_label("完成时限").fill(due.isoformat())
    page.locator("#id_units").select_option([str(town_a.pk), str(town_b.pk)])
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator("#task-main .message.success")).to_have_text("任务已修改")
    shown = f"{due.year}年{due.month}月{due.day}日"
    expect(page.locator(f'tr[data-assignment="{share.pk}"]')).to_contain_text(shown)
    expect(page.locator("table.shares tbody tr")).to_have_count(2)
    added = Assignment.objects.get(task=task, unit=town_b)
    assert added.due_on == due
    assert Notification.objects.filter(recipient=town_b_staff, kind="assigned").exists()
