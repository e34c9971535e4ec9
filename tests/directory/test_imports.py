"""Importing the unit directory and users: good rows, bad rows (nothing saved), wrong files."""

import csv
import functools
import io

import openpyxl
import pytest
from django.urls import reverse

from directory import imports as importer
from directory.models import Unit, UnitAlias, User
from tests.factories import UnitFactory
from tests.tracker.ledger_data import NOW
from tracker.views import directory_import as views

UNIT_HEADER = list(importer.UNIT_COLUMNS)
USER_HEADER = list(importer.USER_COLUMNS)


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def snapshot() -> tuple:
    return (
        sorted(Unit.objects.values_list("name", "short_name", "kind", "parent__name")),
        sorted(UnitAlias.objects.values_list("name", "unit__name")),
        sorted(User.objects.values_list("username", "role", "unit__name", "password")),
    )


GOOD_UNITS = [
    UNIT_HEADER,
    # the child comes before its parent: the file's order must not matter
    ["澜川区青石镇", "青石镇", "乡镇", "澜川区", "10", "青石、青石乡", "是"],
    ["澜川区", "", "区（县）", "", "0", "", ""],
    ["中共澜川区委组织部", "区委组织部", "区直部门", "澜川区", "20", "组织部门", "是"],
]


@pytest.mark.django_db
def test_good_unit_rows_are_created_with_parents_and_aliases(supervisor):
    result = importer.import_units(data=xlsx(GOOD_UNITS), filename="名录.xlsx", actor=supervisor)
    assert result.ok and (result.created, result.updated) == (3, 0)
    town = Unit.objects.get(name="澜川区青石镇")
    assert town.kind == Unit.Kind.TOWNSHIP and town.short_name == "青石镇"
    assert town.parent.name == "澜川区" and town.sort_order == 10
    assert sorted(town.aliases.values_list("name", flat=True)) == ["青石", "青石乡"]
    assert Unit.objects.get(name="中共澜川区委组织部").parent == town.parent

    again = importer.import_units(data=xlsx(GOOD_UNITS), filename="名录.xlsx", actor=supervisor)
    assert (again.created, again.updated) == (0, 3)  # matched on 全称: updated, not duplicated
    assert Unit.objects.count() == 3 and UnitAlias.objects.count() == 3


@pytest.mark.django_db
def test_gbk_csv_from_chinese_excel_is_read(supervisor):
    data = csv_bytes(GOOD_UNITS, encoding="gbk")
    result = importer.import_units(data=data, filename="名录.csv", actor=supervisor)
    assert result.ok and result.created == 3
    assert Unit.objects.filter(name="中共澜川区委组织部", short_name="区委组织部").exists()


@pytest.mark.django_db
def test_utf8_csv_with_bom_is_read(supervisor):
    data = b"\xef\xbb\xbf" + csv_bytes(GOOD_UNITS)
    assert importer.import_units(data=data, filename="a.CSV", actor=supervisor).created == 3


@pytest.mark.django_db
def test_bad_unit_rows_save_nothing_and_are_reported_per_row_and_column(supervisor, district):
    UnitAlias.objects.create(unit=district, name="老城区")
    before = snapshot()
    rows = [
        UNIT_HEADER,
        ["澜川区青石镇", "青石镇", "乡镇", "某某镇", "10", "", "是"],  # row 2
        ["", "", "乡镇", "", "", "", ""],  # row 3
        ["澜川区白沙镇", "", "小镇", "", "前面", "老城区", "也许"],  # row 4
        [],  # row 5 blank: skipped, but still counted as Excel counts it
        ["澜川区青石镇", "", "乡镇", "", "", "", ""],  # row 6
        ["甲单位", "", "乡镇", "乙单位", "", "", ""],  # row 7
        ["乙单位", "", "乡镇", "甲单位", "", "", ""],  # row 8
    ]
    result = importer.import_units(data=xlsx(rows), filename="名录.xlsx", actor=supervisor)
    kinds = "、".join(label for _, label in Unit.Kind.choices)
    assert result.errors == [
        "第2行「上级单位」：找不到单位“某某镇”",
        "第3行「全称」：不能为空",
        f"第4行「类别」：“小镇”不是有效的类别，可填：{kinds}",
        "第4行「排序」：应填写非负整数，现为“前面”",
        "第4行「启用」：应填写“是”或“否”，现为“也许”",
        "第4行「别名」：别名“老城区”已属于单位“测试区”",
        "第6行「全称」：“澜川区青石镇”在第2行已出现",
        "第7行「上级单位」：上级单位形成循环：甲单位 → 乙单位 → 甲单位",
        "第8行「上级单位」：上级单位形成循环：乙单位 → 甲单位 → 乙单位",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_unit_cannot_be_its_own_parent(supervisor):
    rows = [UNIT_HEADER, ["澜川区", "澜川", "区", "澜川", "", "", ""]]
    result = importer.import_units(data=xlsx(rows), filename="a.xlsx", actor=supervisor)
    assert result.errors == ["第2行「上级单位」：不能把单位自己设为上级单位"]
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_users_get_a_generated_password_once_or_the_one_in_the_file(supervisor, town_a):
    rows = [
        USER_HEADER,
        ["jia_lly", "王晓明", "联络员", "甲镇", "0571-1", "wang@example.gov.cn", "", "是"],
        ["jia_fzr", "李华", "单位负责人", "甲镇", "", "", "Qingshi-2026!", ""],
        ["dcs_zhao", "赵强", "督查员", "", "", "", "", ""],
    ]
    result = importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW)
    assert result.ok and result.created == 3
    generated = {username: password for username, _name, password in result.passwords}
    assert set(generated) == {"jia_lly", "dcs_zhao"}
    assert User.objects.get(username="jia_lly").check_password(generated["jia_lly"])
    assert User.objects.get(username="jia_fzr").check_password("Qingshi-2026!")
    staff = User.objects.get(username="jia_lly")
    assert (staff.role, staff.unit, staff.display_name) == (User.Role.UNIT_STAFF, town_a, "王晓明")
    assert User.objects.get(username="dcs_zhao").is_staff

    rows[1][1] = "王小明"
    preview = importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW)
    assert preview.needs_confirmation
    assert User.objects.get(username="jia_lly").display_name == "王晓明"
    again = importer.import_users(
        data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW, confirm=preview.fingerprint
    )
    assert (again.created, again.updated, again.passwords) == (0, 1, [])
    assert User.objects.get(username="jia_lly").display_name == "王小明"
    # an update without a password in the file keeps the one the user has
    assert User.objects.get(username="jia_lly").check_password(generated["jia_lly"])


@pytest.mark.django_db
def test_bad_user_rows_save_nothing(supervisor, town_a):
    before = snapshot()
    rows = [
        USER_HEADER,
        ["ok_user", "好人", "联络员", "甲镇", "", "", "", ""],  # row 2 fine
        ["bad name", "", "联络员", "", "", "", "", ""],  # row 3
        ["x2", "", "村官", "甲镇", "", "not-an-email", "123", ""],  # row 4
        ["x3", "", "联络员", "某某镇", "", "", "", ""],  # row 5
        ["x4", "", "管理员", "", "", "", "", ""],  # row 6
        ["OK_user", "", "领导", "", "", "", "", ""],  # row 7
    ]
    result = importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW)
    roles = "、".join(label for _, label in User.Role.choices)
    assert result.errors[:4] == [
        "第3行「用户名」：只能包含字母、数字和 @ . + - _",
        "第3行「所属单位」：联络员和单位负责人必须填写所属单位",
        f"第4行「角色」：“村官”不是有效的角色，可填：{roles}",
        "第4行「邮箱」：邮箱格式不正确",
    ]
    assert result.errors[4].startswith("第4行「初始密码」：密码不符合要求：")
    assert result.errors[5:] == [
        "第5行「所属单位」：找不到单位“某某镇”",
        "第6行「角色」：“管理员”不是有效的角色，可填：" + roles,
        "第7行「用户名」：“OK_user”在第2行已出现",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_only_admins_may_import_admin_accounts(supervisor, admin_user):
    rows = [USER_HEADER, ["root2", "", "系统管理员", "", "", "", "", ""]]
    refused = importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=supervisor, now=NOW)
    assert refused.errors == ["第2行「角色」：只有系统管理员可以导入或修改管理员账号"]
    assert not User.objects.filter(username="root2").exists()
    allowed = importer.import_users(data=xlsx(rows), filename="u.xlsx", actor=admin_user, now=NOW)
    assert allowed.ok and User.objects.get(username="root2").role == User.Role.ADMIN


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.4 ...", "名录.pdf", importer.WRONG_TYPE),
        (b"\xd0\xcf\x11\xe0old excel", "名录.xls", importer.WRONG_TYPE),
        (b"this is not a zip", "名录.xlsx", importer.CORRUPT_XLSX),
        (b"PK\x03\x04broken zip", "名录.xlsx", importer.CORRUPT_XLSX),
        (b"", "名录.csv", importer.EMPTY_FILE),
        ("全称,类别\n".encode(), "名录.csv", importer.EMPTY_FILE),
        (
            "名称,种类\n甲镇,乡镇\n".encode(),
            "名录.csv",
            importer.MISSING_COLUMNS.format(columns="全称」「类别"),
        ),
        (
            "全称,全称,类别\n甲镇,甲镇,乡镇\n".encode(),
            "名录.csv",
            importer.DUPLICATE_COLUMNS.format(column="全称"),
        ),
    ],
)
@pytest.mark.django_db
def test_wrong_files_are_rejected_with_a_clear_message(supervisor, data, filename, message):
    with pytest.raises(importer.ImportRejected) as excinfo:
        importer.import_units(data=data, filename=filename, actor=supervisor)
    assert excinfo.value.message == message
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_imports_and_shows_errors(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("tracker:directory-import"))
    assert page.status_code == 200 and 'for="id_file"' in page.text

    bad = io.BytesIO(xlsx([UNIT_HEADER, ["澜川区", "", "小镇", "", "", "", ""]]))
    bad.name = "名录.xlsx"
    response = client.post(reverse("tracker:directory-import"), {"kind": "units", "file": bad})
    assert response.status_code == 200
    assert "第2行「类别」：“小镇”不是有效的类别" in response.text
    assert not Unit.objects.exists()

    wrong = io.BytesIO(b"hello")
    wrong.name = "名录.txt"
    response = client.post(reverse("tracker:directory-import"), {"kind": "units", "file": wrong})
    assert importer.WRONG_TYPE in response.text

    response = client.post(reverse("tracker:directory-import"), {"kind": "units"})
    assert views.NO_FILE in response.text

    good = io.BytesIO(xlsx(GOOD_UNITS))
    good.name = "名录.xlsx"
    response = client.post(
        reverse("tracker:directory-import"),
        {"kind": "units", "file": good},
        headers={"HX-Request": "true"},
    )
    assert response.text.lstrip().startswith('<section id="import-result"')
    assert "新增 3 条" in response.text
    assert Unit.objects.count() == 3


@pytest.mark.django_db
def test_generated_passwords_are_shown_once_on_a_page_that_is_not_cached(
    client, admin_user, town_a
):
    client.force_login(admin_user)
    upload = io.BytesIO(csv_bytes([USER_HEADER, ["new_one", "新人", "联络员", "甲镇"]]))
    upload.name = "users.csv"
    response = client.post(reverse("tracker:directory-import"), {"kind": "users", "file": upload})
    user = User.objects.get(username="new_one")
    (password,) = [word for word in response.text.split("<code>")[1:] if word.split("</code>")[0]]
    password = password.split("</code>")[0]
    assert user.check_password(password)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["units", "users"])
@pytest.mark.django_db
def test_templates_download_and_import_as_they_are(client, supervisor, kind):
    client.force_login(supervisor)
    if kind == "users":
        UnitFactory(name="澜川区青石镇", short_name="青石镇")
    response = client.get(reverse("tracker:directory-import-template", args=[kind, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == list(importer.UNIT_COLUMNS if kind == "units" else importer.USER_COLUMNS)
    if kind == "units":
        service = importer.import_units
    else:
        service = functools.partial(importer.import_users, now=NOW)
    assert service(data=response.content, filename="t.xlsx", actor=supervisor).ok

    as_csv = client.get(reverse("tracker:directory-import-template", args=[kind, "csv"]))
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    assert service(data=as_csv.content, filename="t.csv", actor=supervisor).ok


@pytest.mark.django_db
def test_unit_staff_and_leaders_cannot_import(client, town_a_staff, leader):
    upload_bytes = xlsx(GOOD_UNITS)
    for user in (town_a_staff, leader):
        client.force_login(user)
        upload = io.BytesIO(upload_bytes)
        upload.name = "名录.xlsx"
        assert client.get(reverse("tracker:directory-import")).status_code == 403
        response = client.post(
            reverse("tracker:directory-import"), {"kind": "units", "file": upload}
        )
        assert response.status_code == 403
        template = reverse("tracker:directory-import-template", args=["units", "xlsx"])
        assert client.get(template).status_code == 403
    assert not Unit.objects.filter(name="澜川区").exists()
