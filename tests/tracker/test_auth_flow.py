import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_login_takes_unit_staff_to_their_unit_and_logout_ends_the_session(client, town_a_staff):
    page = client.get(reverse("login"))
    assert "登录落实督办系统" in page.text

    response = client.post(
        reverse("login"), {"username": "town_a_staff", "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("tracker:my-tasks")
    assert "甲镇" in response.text

    client.post(reverse("logout"))
    assert client.get(reverse("tracker:unit-list")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_a_chinese_error(client, town_a_staff):
    response = client.post(reverse("login"), {"username": "town_a_staff", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_needs_post(client, town_a_staff):
    client.force_login(town_a_staff)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
