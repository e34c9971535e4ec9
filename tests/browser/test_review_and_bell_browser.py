from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from speeches.models import Directive
from tests.factories import DirectiveFactory, SpeechFactory
from tests.tracker.dashboard_data import make_assignment
from tracker.models import Assignment, Notification

pytestmark = pytest.mark.browser


def test_supervisor_accepts_a_candidate_in_review(page, login, mark_document, supervisor, town_a):
    speech = SpeechFactory(text="各乡镇要在年底前完成村级活动场所建设。", area=town_a.parent)
    candidate = DirectiveFactory(
        speech=speech, units=[town_a], deadline=date(2024, 12, 31), deadline_text="年底前"
    )
    login("supervisor")
    page.goto(f"/speeches/{speech.pk}/review/")
    mark_document()
    card = page.locator(f"#cand-{candidate.pk}")
    expect(card).to_have_attribute("data-status", "pending")
    card.get_by_role("button", name="采纳", exact=True).click()

    expect(page.locator(f"#cand-{candidate.pk}")).to_have_attribute("data-status", "accepted")
    assert mark_document.still_same(), "accepting reloaded the page"
    candidate.refresh_from_db()
    assert candidate.status == Directive.Status.ACCEPTED
    assignment = Assignment.objects.get(task__directive=candidate)
    assert (assignment.unit, assignment.due_on) == (town_a, date(2024, 12, 31))


def test_bell_count_goes_down_after_reading(page, login, town_a_staff, town_a):
    assignment = make_assignment(town_a, title="召开专题会议", due_on=date(2026, 12, 1))
    now = timezone.now()
    for kind, subject in (
        (Notification.Kind.DUE_SOON, "任务即将到期"),
        (Notification.Kind.ASSIGNED, "新任务"),
    ):
        Notification.objects.create(
            recipient=town_a_staff,
            assignment=assignment,
            kind=kind,
            for_date=now.date(),
            subject=subject,
            created_at=now,
            sent_at=now,
        )
    login("town_a_staff")
    bell = page.locator("#notification-bell .bell-count")
    expect(bell).to_have_text("2")

    page.locator("#notification-bell").click()
    page.wait_for_url("**/notifications/**")
    # The list page's bell loads its count once; wait for it so that answer cannot land after
    # (and overwrite) the refresh that marking read triggers.
    expect(page.locator("#notification-bell .bell-count")).to_have_text("2")
    page.get_by_role("button", name="将“任务即将到期”标为已读").click()
    expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
    assert Notification.objects.filter(recipient=town_a_staff, read_at=None).count() == 1
