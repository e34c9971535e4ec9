from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AssignmentFactory, SpeechFactory, TaskFactory
from tests.tracker.evidence_samples import PDF
from tracker.models import Assignment, Evidence

pytestmark = pytest.mark.browser


def test_unit_reports_with_evidence_and_completes_without_reload(
    page, login, mark_document, town_a_staff, town_a
):
    due = timezone.localdate() + timedelta(days=20)
    assignment = AssignmentFactory(unit=town_a, due_on=due, task=TaskFactory(title="建设活动场所"))
    page.set_viewport_size({"width": 375, "height": 800})
    login("town_a_staff")
    page.goto(f"/assignments/{assignment.pk}/")
    mark_document()
    expect(page.locator("[data-status]").first).to_have_text("未开始")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("进展情况").fill("完成选址和设计")
    page.get_by_label("进度（%）").fill("40")
    page.get_by_label("佐证材料（可多选）").set_input_files(
        files=[{"name": "选址报告.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交进展").click()

    expect(page.get_by_text("进展已填报")).to_be_visible()
    expect(page.locator("[data-status]").first).to_have_text("推进中")
    expect(page.get_by_role("link", name="选址报告.pdf")).to_be_visible()
    assert mark_document.still_same(), "reporting reloaded the page"
    assert Evidence.objects.get().original_name == "选址报告.pdf"

    page.get_by_label("办结情况").fill("活动场所已建成并投入使用")
    page.get_by_role("button", name="标记完成").click()
    expect(page.locator("[data-status]").first).to_have_text("已完成（待审核）")
    assert mark_document.still_same()
    assignment.refresh_from_db()
    assert (assignment.status, assignment.progress) == (Assignment.Status.DONE, 100)


def test_supervisor_returns_with_a_reason_and_sees_the_quote(page, login, supervisor, town_a):
    speech = SpeechFactory(text="一、重点任务\n各乡镇要在年底前完成<b>场所</b>建设。\n二、其他")
    quote = "各乡镇要在年底前完成<b>场所</b>建设。"
    start = speech.text.index(quote)
    task = TaskFactory(speech=speech, quote=quote, quote_start=start, quote_end=start + len(quote))
    assignment = AssignmentFactory(task=task, unit=town_a, status=Assignment.Status.DONE)
    login("supervisor")
    page.goto(f"/tasks/{task.pk}/")
    expect(page.locator("blockquote mark.quote")).to_have_text(quote)  # text, not HTML

    page.goto(f"/assignments/{assignment.pk}/")
    page.get_by_label("退回理由").fill("请补充现场照片")
    page.get_by_role("button", name="退回").click()
    expect(page.locator("[data-status]").first).to_have_text("推进中")
    expect(page.locator(".timeline")).to_contain_text("请补充现场照片")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS
