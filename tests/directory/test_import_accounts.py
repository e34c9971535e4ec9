"""The user import cannot take over accounts: it never changes an existing password, never
grants or removes rights beyond the importer's own, lists every change to an existing account
for confirmation, and records who changed what and when."""

import io

import openpyxl
import pytest
from django.urls import reverse

from directory import imports as importer
from directory.models import AccountChange, User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.tracker.ledger_data import NOW

HEADER = list(importer.USER_COLUMNS)


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(actor, rows, **kwargs):
    return importer.import_users(
        data=xlsx([HEADER, *rows]), filename="u.xlsx", actor=actor, now=NOW, **kwargs
    )


def confirmed(actor, rows):
    preview = run(actor, rows)
    assert preview.ok, preview.errors
    return run(actor, rows, confirm=preview.fingerprint) if preview.needs_confirmation else preview


@pytest.mark.django_db
def test_an_initial_password_in_the_file_never_changes_an_existing_accounts_password(
    supervisor, leader, town_a_staff
):
    rows = [
        ["leader", "", "领导", "", "", "", "Takeover-2026!", ""],
        ["town_a_staff", "", "联络员", "甲镇", "", "", "Takeover-2026!", ""],
    ]
    result = confirmed(supervisor, rows)
    assert result.ok
    for user in (leader, town_a_staff):
        user.refresh_from_db()
        assert user.check_password(TEST_PASSWORD) and not user.check_password("Takeover-2026!")
    assert importer.PASSWORD_KEPT.format(row=2, username="leader") in result.notices


@pytest.mark.django_db
def test_a_supervisor_cannot_demote_an_admin_account(supervisor):
    chief = UserFactory(username="chief", role=User.Role.ADMIN, is_staff=True)
    result = run(supervisor, [["chief", "", "督查员", "", "", "", "", ""]])
    assert result.errors == [f"第2行「用户名」：{importer.OTHER_SUPERVISOR}"]
    chief.refresh_from_db()
    assert chief.role == User.Role.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [
        ["colleague", "", "督查员", "", "", "", "", "否"],  # deactivate
        ["colleague", "", "联络员", "甲镇", "", "", "", "是"],  # demote
        ["colleague", "改名", "督查员", "", "", "", "", "是"],  # any change
    ],
    ids=["deactivate", "demote", "rename"],
)
def test_a_supervisor_cannot_change_another_supervisors_account(supervisor, town_a, row):
    colleague = UserFactory(username="colleague", role=User.Role.SUPERVISOR, is_staff=True)
    result = run(supervisor, [row])
    assert result.errors == [f"第2行「用户名」：{importer.OTHER_SUPERVISOR}"]
    colleague.refresh_from_db()
    assert (colleague.is_active, colleague.role, colleague.display_name) == (
        True,
        User.Role.SUPERVISOR,
        "",
    )


@pytest.mark.django_db
def test_an_admin_may_change_a_supervisors_account(admin_user):
    UserFactory(username="colleague", role=User.Role.SUPERVISOR, is_staff=True)
    result = confirmed(admin_user, [["colleague", "", "督查员", "", "", "", "", "否"]])
    assert result.ok and result.updated == 1
    assert User.objects.get(username="colleague").is_active is False


@pytest.mark.django_db
def test_changes_to_existing_accounts_wait_for_confirmation_and_are_recorded(
    supervisor, town_a_staff, town_b
):
    rows = [
        ["town_a_staff", "王晓明", "联络员", "乙镇", "", "", "", "是"],
        ["newcomer", "新人", "联络员", "甲镇", "", "", "", ""],
    ]
    preview = run(supervisor, rows)
    assert preview.needs_confirmation and (preview.created, preview.updated) == (0, 0)
    (change,) = preview.changes
    assert change.username == "town_a_staff"
    assert set(change.fields) == {("姓名", "", "王晓明"), ("所属单位", "甲镇", "乙镇")}
    assert not User.objects.filter(username="newcomer").exists()
    assert not AccountChange.objects.exists()

    assert run(supervisor, rows, confirm="not-the-fingerprint").needs_confirmation
    done = run(supervisor, rows, confirm=preview.fingerprint)
    assert (done.created, done.updated, done.needs_confirmation) == (1, 1, False)
    town_a_staff.refresh_from_db()
    assert town_a_staff.unit == town_b

    log = {entry.username: entry for entry in AccountChange.objects.all()}
    assert set(log) == {"town_a_staff", "newcomer"}
    moved = log["town_a_staff"]
    assert (moved.actor, moved.action, moved.changed_at) == (
        supervisor,
        AccountChange.Action.UPDATED,
        NOW,
    )
    assert moved.changes == {"姓名": ["", "王晓明"], "所属单位": ["甲镇", "乙镇"]}
    assert moved.source == "用户导入：u.xlsx"
    assert log["newcomer"].action == AccountChange.Action.CREATED
    assert "password" not in str(log["newcomer"].changes).lower()


@pytest.mark.django_db
def test_a_confirmation_for_a_list_that_changed_meanwhile_shows_the_new_list(
    supervisor, town_a_staff
):
    rows = [["town_a_staff", "王晓明", "联络员", "甲镇", "", "", "", "是"]]
    preview = run(supervisor, rows)
    User.objects.filter(pk=town_a_staff.pk).update(display_name="别人改过")
    again = run(supervisor, rows, confirm=preview.fingerprint)
    assert again.needs_confirmation and again.fingerprint != preview.fingerprint
    assert User.objects.get(pk=town_a_staff.pk).display_name == "别人改过"


@pytest.mark.django_db
def test_the_import_page_previews_then_confirms(client, supervisor, town_a_staff):
    client.force_login(supervisor)
    upload = io.BytesIO(
        xlsx([HEADER, ["town_a_staff", "王晓明", "联络员", "甲镇", "", "", "", ""]])
    )
    upload.name = "users.xlsx"
    url = reverse("tracker:directory-import")
    preview = client.post(url, {"kind": "users", "file": upload}, headers={"HX-Request": "true"})
    assert "请确认对已有账号的修改" in preview.text
    assert "王晓明" in preview.text
    town_a_staff.refresh_from_db()
    assert town_a_staff.display_name == ""
    fingerprint = preview.text.split('name="confirm" value="')[1].split('"')[0]

    done = client.post(url, {"confirm": fingerprint}, headers={"HX-Request": "true"})
    assert "更新 1 条" in done.text
    town_a_staff.refresh_from_db()
    assert town_a_staff.display_name == "王晓明"
    # nothing left pending: a second confirmation saves nothing
    assert "没有待确认的导入" in client.post(url, {"confirm": fingerprint}).text


@pytest.mark.django_db
def test_the_audit_log_is_listed_in_the_admin(admin_client, supervisor, town_a_staff):
    confirmed(supervisor, [["town_a_staff", "王晓明", "联络员", "甲镇", "", "", "", ""]])
    page = admin_client.get(reverse("admin:directory_accountchange_changelist"))
    assert page.status_code == 200
    assert "town_a_staff" in page.text and "修改账号" in page.text
