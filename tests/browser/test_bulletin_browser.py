"""A 督查通报 end to end in Chromium: request a week's bulletin, watch the worker draft it,
read the preview, edit the closing paragraph, issue it and download the numbered .docx."""

import io
from pathlib import Path

import pytest
from docx import Document

from tests.tracker.documents_data import build_week
from tests.workers import running_worker
from tracker.models import Bulletin, Notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture
def celery_worker_thread():
    with running_worker():
        yield


def test_supervisor_drafts_previews_and_issues_a_bulletin(
    login, supervisor, town_a, town_b, town_b_staff, celery_worker_thread
):
    build_week(town_a=town_a, town_b=town_b, supervisor=supervisor)
    page = login("supervisor")
    page.goto("/bulletins/")
    page.get_by_label("统计期间").select_option("range")
    page.get_by_label("起始日").fill("2026-11-23")
    page.get_by_label("截止日").fill("2026-11-29")
    page.get_by_role("button", name="起草通报").click()
    page.wait_for_url("**/bulletins/*/")
    # the status panel polls until the worker has stored the draft, then the page reloads
    page.get_by_text("草稿已起草完成").wait_for(timeout=60_000)
    page.get_by_text("乙镇（逾期2项，最长19天）").wait_for()
    assert page.get_by_role("heading", name="一、总体情况").is_visible()
    closing = page.get_by_label("结尾段落（每行一段）")
    closing.fill("请乙镇于12月10日前办结逾期事项。")
    page.get_by_role("button", name="保存结尾段落").click()
    page.get_by_text("结尾段落已保存").wait_for()
    page.get_by_role("button", name="确认印发").click()
    page.get_by_text("已通知通报中的单位").wait_for()
    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.ISSUED and bulletin.number.endswith("1号")
    assert page.locator("[data-number]").inner_text() == bulletin.number
    with page.expect_download() as info:
        page.get_by_role("link", name="下载").click()
    document = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == bulletin.number
    assert "请乙镇于12月10日前办结逾期事项。" in texts
    assert Notification.objects.filter(recipient=town_b_staff, kind="bulletin").exists()
