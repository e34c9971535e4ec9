"""Login throttling: too many wrong passwords lock one username from one address for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD
from tracker.views.lockout import LOCKED_OUT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_password_hasher")]


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_MINUTES = 15
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def _login(client, username, password, ip="10.1.2.3"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_third_wrong_password_locks_out_with_the_chinese_message(client, town_a_staff):
    for _ in range(2):
        response = _login(client, "town_a_staff", "wrong")
        assert response.status_code == 200
        assert "请输入一个正确的" in response.text

    response = _login(client, "town_a_staff", "wrong")

    assert response.status_code == 429
    assert LOCKED_OUT.format(minutes=15) in response.text
    assert 'name="password"' not in response.text


def test_locked_out_user_cannot_log_in_even_with_the_right_password(client, town_a_staff):
    for _ in range(3):
        _login(client, "town_a_staff", "wrong")

    response = _login(client, "town_a_staff", TEST_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, town_a_staff, town_b_staff):
    for _ in range(3):
        _login(client, "town_a_staff", "wrong")

    other_user = _login(client, "town_b_staff", TEST_PASSWORD)
    assert other_user.status_code == 302
    client.logout()
    other_address = _login(client, "town_a_staff", TEST_PASSWORD, ip="10.9.9.9")
    assert other_address.status_code == 302


def test_lockout_ends_after_the_cool_off(client, town_a_staff):
    for _ in range(3):
        _login(client, "town_a_staff", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _login(client, "town_a_staff", TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(town_a_staff.pk)


def test_a_successful_login_forgets_earlier_failures(client, town_a_staff):
    for _ in range(2):
        _login(client, "town_a_staff", "wrong")
    assert _login(client, "town_a_staff", TEST_PASSWORD).status_code == 302
    client.logout()

    for _ in range(2):
        assert _login(client, "town_a_staff", "wrong").status_code == 200
