"""The bell, the list, mark read and mark all read: each user sees and touches only their own."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tracker.reminder_helpers import open_assignment
from tracker.models import Notification


def notify(user, subject: str, *, assignment=None, read: bool = False, sent: bool = True):
    now = timezone.now()
    day = Notification.objects.count() + 1  # keys differ by date
    return Notification.objects.create(
        recipient=user,
        assignment=assignment,
        kind=Notification.Kind.DUE_SOON,
        for_date=date(2026, 11, day),
        channel=Notification.Channel.IN_APP,
        subject=subject,
        body="请及时填报进展。",
        created_at=now,
        sent_at=now if sent else None,
        read_at=now if read else None,
    )


@pytest.fixture
def inbox(town_a_staff, town_b_staff, town_a):
    assignment = open_assignment(town_a, date(2026, 11, 28))
    mine = [
        notify(town_a_staff, "【任务即将到期】甲一", assignment=assignment),
        notify(town_a_staff, "【任务今日到期】甲二"),
        notify(town_a_staff, "【已读】甲三", read=True),
    ]
    notify(town_a_staff, "【未发送邮件】不显示", sent=False)
    theirs = notify(town_b_staff, "【任务即将到期】乙一")
    return mine, theirs


def login(client, user):
    client.force_login(user)


def test_bell_shows_the_unread_count_with_a_label_for_screen_readers(client, town_a_staff, inbox):
    login(client, town_a_staff)
    response = client.get(reverse("tracker:notification-bell"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'aria-label="通知，2 条未读"' in html
    assert '<span class="bell-count" aria-hidden="true">2</span>' in html
    # The swapped-in bell must not carry "load", or it would re-request itself forever.
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in html


def test_every_page_carries_the_polling_bell(client, town_a_staff, inbox):
    login(client, town_a_staff)
    html = client.get(reverse("tracker:notification-list")).content.decode()
    assert 'id="notification-bell"' in html
    assert reverse("tracker:notification-bell") in html
    assert 'hx-trigger="load, every 30s, notifications-changed from:body"' in html
    assert 'aria-label="通知"' in html


def test_list_shows_only_my_delivered_notifications(client, town_a_staff, inbox):
    login(client, town_a_staff)
    html = client.get(reverse("tracker:notification-list")).content.decode()
    for subject in ("甲一", "甲二", "甲三"):
        assert subject in html
    assert "乙一" not in html
    assert "不显示" not in html
    assert "未读 2 条" in html


def test_marking_one_read_lowers_the_count_and_asks_the_bell_to_refresh(
    client, town_a_staff, inbox
):
    mine, _ = inbox
    login(client, town_a_staff)
    response = client.post(
        reverse("tracker:notification-read", args=[mine[0].pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == '{"notifications-changed": {}}'
    assert f'id="notification-{mine[0].pk}"' in response.content.decode()
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    bell = client.get(reverse("tracker:notification-bell")).content.decode()
    assert "通知，1 条未读" in bell


def test_mark_all_read_without_htmx_redirects_to_the_list(client, town_a_staff, inbox):
    _, theirs = inbox
    login(client, town_a_staff)
    response = client.post(reverse("tracker:notification-read-all"))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=town_a_staff, read_at__isnull=False).count() == 3
    assert not Notification.objects.filter(
        recipient=town_a_staff, read_at=None, sent_at__isnull=False
    ).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_with_htmx_returns_the_panel(client, town_a_staff, inbox):
    login(client, town_a_staff)
    response = client.post(reverse("tracker:notification-read-all"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="notification-panel"')
    assert "未读 0 条" in html


def test_another_users_notification_cannot_be_marked_read(client, town_a_staff, inbox):
    _, theirs = inbox
    login(client, town_a_staff)
    response = client.post(reverse("tracker:notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(client, town_a_staff, inbox):
    mine, _ = inbox
    login(client, town_a_staff)
    response = client.get(reverse("tracker:notification-read", args=[mine[0].pk]))
    assert response.status_code == 405
    mine[0].refresh_from_db()
    assert mine[0].read_at is None


def test_anonymous_bell_poll_is_sent_to_login(client, inbox):
    response = client.get(reverse("tracker:notification-bell"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
