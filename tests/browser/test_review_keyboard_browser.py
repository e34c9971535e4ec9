"""The review page in headless Chromium at phone width: keyboard accept/reject, add a missed
directive from a text selection (offsets in code points, as Python counts them)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from speeches.models import Directive, Speech
from tests.factories import DirectiveFactory, SpeechFactory
from tracker.models import Task

pytestmark = pytest.mark.browser

TEXT = (
    "一、加强基层组织建设\n"
    "各乡镇要在年底前完成村级活动场所建设。"
    "会议指出，😀组织工作很重要。"
    "各乡镇要每季度开展一次专项督查。"
)
SELECT_FRAGMENT = """(fragment) => {
    const box = document.getElementById("speech-text");
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.data.indexOf(fragment);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + fragment.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""


@pytest.fixture
def speech(district, town_a, town_b):
    speech = SpeechFactory(text=TEXT, area=district)
    for fragment in ("各乡镇要在年底前完成村级活动场所建设。", "各乡镇要每季度开展一次专项督查。"):
        start = TEXT.index(fragment)
        DirectiveFactory(
            speech=speech,
            start=start,
            end=start + len(fragment),
            unit_mentions=["各乡镇"],
            units=[town_a, town_b],
        )
    return speech


@pytest.fixture
def review_page(page, login, mark_document, supervisor, speech):
    page.set_viewport_size({"width": 375, "height": 800})
    login("supervisor")
    page.goto(f"/speeches/{speech.pk}/review/")
    mark_document()
    return page


def test_keyboard_accepts_and_rejects_without_reloading(review_page, mark_document, speech):
    page = review_page
    first, second = speech.directives.order_by("start")

    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#cand-{first.pk}")).to_have_attribute("data-status", "accepted")
    expect(page.locator(f"#cand-{second.pk}")).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("r")  # the cursor moved on to the next pending candidate
    expect(page.locator(f"#cand-{second.pk}")).to_have_attribute("data-status", "rejected")

    expect(page.locator("#review-progress")).to_contain_text("待审核 0 条 · 已采纳 1 条")
    expect(page.locator(f'#speech-text mark[data-ids="{first.pk}"]')).to_have_class(
        "cand st-accepted"
    )
    assert mark_document.still_same(), "a keyboard action reloaded the page"
    assert Task.objects.get().directive_id == first.pk
    second.refresh_from_db()
    assert second.status == Directive.Status.REJECTED


def test_selecting_text_adds_a_candidate_with_matching_offsets(review_page, speech):
    page = review_page
    fragment = "😀组织工作很重要。"
    assert page.evaluate(SELECT_FRAGMENT, fragment)  # as a mouse drag over the text would
    expect(page.locator("#add-preview")).to_contain_text("组织工作很重要")
    page.get_by_role("button", name="添加为候选").click()
    expect(page.locator("#review-workspace .message.success")).to_have_text(
        "已添加候选任务，请核对后采纳"
    )

    added = speech.directives.get(unit_mentions=[])
    assert added.quote == fragment  # the emoji counts as one character, as in Python
    assert TEXT[added.start : added.end] == fragment
    expect(page.locator(f"#cand-{added.pk}")).to_be_visible()


def test_j_past_the_last_loaded_row_loads_the_next_page_and_moves_on(
    page, login, mark_document, supervisor, district, town_a
):
    sentence = "各乡镇要在年底前完成村级活动场所建设。"
    long = SpeechFactory(text=sentence * 55, area=district)
    for i in range(55):
        DirectiveFactory(
            speech=long, start=i * len(sentence), end=(i + 1) * len(sentence), units=[town_a]
        )
    login("supervisor")
    page.goto(f"/speeches/{long.pk}/review/")
    mark_document()
    rows = page.locator(".review-list .candidate")
    expect(rows).to_have_count(50)
    for _ in range(50):
        page.keyboard.press("j")
    page.keyboard.press("j")  # past the 50th row: the next page comes in, the cursor follows
    expect(rows).to_have_count(55)
    fifty_first = long.directives.order_by("start")[50]
    expect(page.locator(f"#cand-{fifty_first.pk}")).to_have_class(re.compile(r"\bcurrent\b"))
    assert mark_document.still_same(), "loading more rows reloaded the page"


def test_a_dateless_document_asks_for_its_date_on_the_review_page(page, login, supervisor):
    dateless = SpeechFactory(
        text="各乡镇要在年底前完成整改。", delivered_on=None, state=Speech.State.IMPORTED
    )
    login("supervisor")
    page.goto(f"/speeches/{dateless.pk}/review/")
    expect(page.locator("#speech-facts .message.warning")).to_contain_text("没有识别出日期")
    page.fill("#speech-facts input[type=date]", "2024-03-05")
    page.get_by_role("button", name="保存并开始提取").click()
    expect(page.locator(".message.success")).to_contain_text("日期已保存")
    dateless.refresh_from_db()
    assert dateless.delivered_on == date(2024, 3, 5)
