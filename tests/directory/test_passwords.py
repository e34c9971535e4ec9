"""Passwords: everyone changes their own (Django's validators, in Chinese); an account whose
password someone else chose changes it at first login; a reset never shows the old password."""

import io

import openpyxl
import pytest
from django.urls import reverse

from directory import accounts
from directory import imports as importer
from directory.middleware import MUST_CHANGE_PASSWORD
from directory.models import AccountChange, User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.tracker.ledger_data import NOW

NEW_PASSWORD = "Lanchuan-Qingshi-2027"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["town_a_staff", "leader", "supervisor"])
def test_every_user_changes_their_own_password_with_the_validators(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    home = client.get(reverse("tracker:unit-list"))
    assert reverse("password-change") in home.text and "修改密码" in home.text

    weak = client.post(
        reverse("password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    assert "这个密码太常见了" in weak.text or "全部为数字" in weak.text
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)

    done = client.post(
        reverse("password-change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "密码已修改" in done.text
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_imported_account_must_change_its_password_at_first_login(client, supervisor, town_a):
    rows = [
        list(importer.USER_COLUMNS),
        ["jia_new", "新人", "联络员", "甲镇", "", "", "Chu-Shi-2026!", ""],
    ]
    importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW)
    login = client.post(reverse("login"), {"username": "jia_new", "password": "Chu-Shi-2026!"})
    assert login.status_code == 302

    page = client.get(reverse("tracker:my-tasks"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("password-change")
    assert MUST_CHANGE_PASSWORD in page.text
    htmx = client.get(reverse("tracker:notification-bell"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("password-change")

    client.post(
        reverse("password-change"),
        {
            "old_password": "Chu-Shi-2026!",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert User.objects.get(username="jia_new").must_change_password is False
    assert client.get(reverse("tracker:my-tasks")).status_code == 200


@pytest.mark.django_db
def test_a_reset_shows_a_new_generated_password_once_never_the_old_one(
    client, supervisor, town_a_staff
):
    client.force_login(supervisor)
    unit_page = client.get(reverse("tracker:unit-detail", args=[town_a_staff.unit_id]))
    url = reverse("password-reset", args=[town_a_staff.pk])
    assert url in unit_page.text
    form = client.get(url)
    assert form.status_code == 200 and TEST_PASSWORD not in form.text
    old_hash = User.objects.get(pk=town_a_staff.pk).password
    assert old_hash not in form.text

    done = client.post(url, {"password": ""})
    assert "no-store" in done["Cache-Control"] or "max-age=0" in done["Cache-Control"]
    generated = done.text.split("<code>")[1].split("</code>")[0]
    town_a_staff.refresh_from_db()
    assert town_a_staff.check_password(generated) and not town_a_staff.check_password(TEST_PASSWORD)
    assert town_a_staff.must_change_password
    entry = AccountChange.objects.get(username="town_a_staff")
    assert (entry.actor, entry.action) == (supervisor, AccountChange.Action.PASSWORD_RESET)
    assert generated not in str(entry.changes)


@pytest.mark.django_db
def test_a_reset_can_set_a_typed_password_that_passes_the_validators(
    client, admin_user, town_a_staff
):
    client.force_login(admin_user)
    url = reverse("password-reset", args=[town_a_staff.pk])
    weak = client.post(url, {"password": "123"})
    assert weak.status_code == 200 and "field-error" in weak.text
    town_a_staff.refresh_from_db()
    assert town_a_staff.check_password(TEST_PASSWORD)
    done = client.post(url, {"password": NEW_PASSWORD})
    assert "已设为您填写的新密码" in done.text and NEW_PASSWORD not in done.text
    town_a_staff.refresh_from_db()
    assert town_a_staff.check_password(NEW_PASSWORD) and town_a_staff.must_change_password


@pytest.mark.django_db
def test_who_may_not_reset_whom(client, supervisor, admin_user, town_a_staff, leader):
    colleague = UserFactory(username="colleague", role=User.Role.SUPERVISOR, is_staff=True)
    cases = [
        (supervisor, admin_user),
        (supervisor, colleague),
        (supervisor, supervisor),
        (town_a_staff, leader),
        (leader, town_a_staff),
    ]
    for actor, account in cases:
        client.force_login(actor)
        url = reverse("password-reset", args=[account.pk])
        assert client.post(url, {"password": ""}).status_code == 403, (actor, account)
        account.refresh_from_db()
        assert account.check_password(TEST_PASSWORD) and not account.must_change_password
    assert accounts.MAY_NOT_RESET
    assert not AccountChange.objects.exists()
