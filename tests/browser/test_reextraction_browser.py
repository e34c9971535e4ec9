"""重新提取任务 in Chromium: the reviewer confirms, and the review work is still there after."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from speeches.models import Directive, Speech
from speeches.services import imports, review
from speeches.views.imports import EXTRACTION_QUEUED
from tracker.services import intake

pytestmark = pytest.mark.browser
TEXT = (
    "在全区基层党建工作会议上的讲话\n\n"
    "各乡镇党委要在今年6月底前完成软弱涣散村党组织整顿。\n"
    "各乡镇要在年底前完成村级活动场所建设。\n"
    "同志们，基层党建工作任重道远。\n"
)


def test_reextraction_asks_first_and_keeps_the_reviewers_work(
    page, login, supervisor, district, town_a, town_b
):
    now = timezone.now()
    (speech,) = imports.import_pasted_text(
        text=TEXT, imported_by=supervisor, now=now, delivered_on=date(2024, 3, 5), area=district
    ).created
    speech = imports.extract_speech(speech=speech, now=now)
    first, second = speech.directives.order_by("start")[:2]
    intake.accept_directive(directive=first, actor=supervisor, now=now, drop_unmatched=True)
    review.edit_directive(
        directive=second, actor=supervisor, now=now, task="建成村级活动场所（审核人改写）",
        units=list(second.units.all()), unmatched_units=[], deadline=date(2024, 10, 31),
        deadline_text="10月底前", recurrence="", target="",
    )  # fmt: skip
    start = TEXT.index("基层党建工作任重道远")
    added = review.add_directive(
        speech=speech, start=start, end=start + 10, actor=supervisor, now=now
    )
    before = set(speech.directives.values_list("pk", flat=True))

    login("supervisor")
    page.goto(speech.get_absolute_url())
    confirm = page.get_by_role("button", name="确认重新提取")
    expect(confirm).to_be_hidden()  # one click is not enough: the reviewer is asked first
    page.locator("summary", has_text="重新提取任务").click()
    expect(page.locator(".confirm-box")).to_contain_text("保留")
    confirm.click()
    expect(page.locator(".messages")).to_contain_text(EXTRACTION_QUEUED)

    imports.extract_speech(speech=Speech.objects.get(pk=speech.pk), now=timezone.now())  # worker
    page.goto(f"/speeches/{speech.pk}/review/")
    expect(page.locator(f"#cand-{second.pk}")).to_contain_text("建成村级活动场所（审核人改写）")
    expect(page.locator(f"#cand-{added.pk}")).to_be_visible()
    assert set(Directive.objects.filter(speech=speech).values_list("pk", flat=True)) == before
