"""Import the unit directory and user accounts from an Excel (.xlsx) or CSV file.

Every row is checked before anything is written; one bad row and nothing is saved, and each
problem is reported as “第3行「上级单位」：…” so the official can fix the file in Excel. Rows
are matched on 全称 (units) and 用户名 (users): an existing one is updated, a new one created.
New users get the password from the file, or a generated one that is shown once.
"""

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from charset_normalizer import from_bytes
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from directory import policy
from directory.models import Unit, UnitAlias, User
from directory.policy import Action

KIND_UNITS = "units"
KIND_USERS = "users"
KIND_LABELS = {KIND_UNITS: "单位名录", KIND_USERS: "用户账号"}
MAX_ROWS = 5000
ALIAS_SEPARATORS = ("、", "，", ",", ";", "；")

UNIT_COLUMNS = ("全称", "简称", "类别", "上级单位", "排序", "别名", "启用")
UNIT_REQUIRED = ("全称", "类别")
USER_COLUMNS = ("用户名", "姓名", "角色", "所属单位", "电话", "邮箱", "初始密码", "启用")
USER_REQUIRED = ("用户名", "角色")
TEMPLATE_EXAMPLES = {
    KIND_UNITS: (
        ("澜川区", "", "区（县）", "", "0", "", "是"),
        ("澜川区青石镇", "青石镇", "乡镇", "澜川区", "10", "青石", "是"),
        ("中共澜川区委组织部", "区委组织部", "区直部门", "澜川区", "20", "组织部、组织部门", "是"),
    ),
    KIND_USERS: (
        ("qingshi_lly", "王晓明", "联络员", "澜川区青石镇", "0571-88880000", "", "", "是"),
        ("dcs_li", "李华", "督查员", "", "", "lihua@example.gov.cn", "", "是"),
    ),
}

# File-level messages.
WRONG_TYPE = "请上传 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中“另存为” .xlsx）"
CORRUPT_XLSX = "文件无法打开：不是有效的 Excel（.xlsx）文件，或文件已损坏"
UNREADABLE_CSV = "CSV 文件无法识别编码，请在 Excel 中另存为“CSV UTF-8”后重试"
EMPTY_FILE = "文件中没有数据行"
TOO_MANY_ROWS = "一次最多导入 {limit} 行，请拆分文件"
MISSING_COLUMNS = "表头与模板不符：缺少列「{columns}」。请下载模板，按模板的表头填写"
DUPLICATE_COLUMNS = "表头中「{column}」出现了不止一次"
# Row-level messages: “第{row}行「{column}」：{message}”.
ROW_ERROR = "第{row}行「{column}」：{message}"
REQUIRED = "不能为空"
UNKNOWN_KIND = "“{value}”不是有效的类别，可填：{choices}"
UNKNOWN_ROLE = "“{value}”不是有效的角色，可填：{choices}"
UNKNOWN_UNIT = "找不到单位“{value}”"
DUPLICATE_IN_FILE = "“{value}”在第{first}行已出现"
OWN_PARENT = "不能把单位自己设为上级单位"
PARENT_CYCLE = "上级单位形成循环：{path}"
NOT_A_NUMBER = "应填写非负整数，现为“{value}”"
NOT_YES_NO = "应填写“是”或“否”，现为“{value}”"
TOO_LONG = "不能超过 {limit} 个字"
BAD_USERNAME = "只能包含字母、数字和 @ . + - _"
BAD_EMAIL = "邮箱格式不正确"
UNIT_NEEDED = "联络员和单位负责人必须填写所属单位"
ALIAS_TAKEN = "别名“{value}”已属于单位“{owner}”"
WEAK_PASSWORD = "密码不符合要求：{reasons}"
ADMIN_ONLY = "只有系统管理员可以导入或修改管理员账号"

YES = {"是", "启用", "y", "yes", "1", "true", "√"}
NO = {"否", "停用", "n", "no", "0", "false", "×"}


class ImportRejected(Exception):
    """The file as a whole cannot be read; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """What an import did, or why it did nothing (``errors`` non-empty)."""

    kind: str
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # (用户名, 姓名, 初始密码) of new users whose password was generated: shown once, never stored.
    passwords: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# ---------------------------------------------------------------- reading files


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number the official sees in Excel (the header is row 1)
    values: dict[str, str]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _rows_of_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged upload fails in zipfile, lxml or openpyxl alike
        raise ImportRejected(CORRUPT_XLSX) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _rows_of_csv(data: bytes) -> list[list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on Chinese Windows saves CSV in GBK; let charset-normalizer confirm it.
            best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
            if best is None:
                raise ImportRejected(UNREADABLE_CSV) from None
            text = str(best)
    if "\x00" in text:
        raise ImportRejected(UNREADABLE_CSV)
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text))]


def read_sheet(
    *, data: bytes, filename: str, columns: tuple[str, ...], required: Iterable[str]
) -> list[SheetRow]:
    """The data rows of the file keyed by header; raises ImportRejected for a wrong, corrupt,
    empty or mis-headed file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportRejected(CORRUPT_XLSX)
        raw = _rows_of_xlsx(data)
    elif name.endswith(".csv"):
        raw = _rows_of_csv(data)
    else:
        raise ImportRejected(WRONG_TYPE)
    # Keep the line number Excel shows (blank lines count) for each non-blank row.
    numbered = [(number, row) for number, row in enumerate(raw, start=1) if any(row)]
    if not numbered:
        raise ImportRejected(EMPTY_FILE)
    header = [value.strip() for value in numbered[0][1]]
    for column in header:
        if column and header.count(column) > 1:
            raise ImportRejected(DUPLICATE_COLUMNS.format(column=column))
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportRejected(MISSING_COLUMNS.format(columns="」「".join(missing)))
    body = numbered[1:]
    if not body:
        raise ImportRejected(EMPTY_FILE)
    if len(body) > MAX_ROWS:
        raise ImportRejected(TOO_MANY_ROWS.format(limit=MAX_ROWS))
    positions = {column: header.index(column) for column in columns if column in header}
    return [
        SheetRow(
            number=number,
            values={
                column: (row[position] if position < len(row) else "")
                for column, position in positions.items()
            },
        )
        for number, row in body
    ]


# ---------------------------------------------------------------- templates


def template_workbook(kind: str) -> bytes:
    """An .xlsx with the header row and example rows, for officials to fill in."""
    columns = UNIT_COLUMNS if kind == KIND_UNITS else USER_COLUMNS
    required = UNIT_REQUIRED if kind == KIND_UNITS else USER_REQUIRED
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = KIND_LABELS[kind]
    sheet.append(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B3261E" if column in required else "000000")
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
        sheet.column_dimensions[cell.column_letter].width = 22
    for example in TEMPLATE_EXAMPLES[kind]:
        sheet.append(example)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    for line in _instructions(kind):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(kind: str) -> bytes:
    """The same template as CSV, UTF-8 with BOM so Excel opens it without garbling."""
    columns = UNIT_COLUMNS if kind == KIND_UNITS else USER_COLUMNS
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(TEMPLATE_EXAMPLES[kind])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _instructions(kind: str) -> list[str]:
    if kind == KIND_UNITS:
        kinds = "、".join(label for _, label in Unit.Kind.choices)
        return [
            "红色表头为必填列；示例行请删除或改成本地单位后再导入。",
            "全称：单位的正式全称，系统按全称识别，已有的单位会被更新。",
            f"类别：{kinds}。",
            "上级单位：填上级单位的全称或简称，可以是本表中的单位。",
            "别名：讲话中对该单位的其他叫法，多个用顿号“、”分隔。",
            "排序：数字，越小越靠前；启用：是/否，不填为“是”。",
            "任何一行有错，整个文件都不会导入，请按提示修改后重新上传。",
        ]
    roles = "、".join(label for _, label in User.Role.choices)
    return [
        "红色表头为必填列；示例行请删除后再导入。",
        "用户名：登录名，字母、数字或 @ . + - _；已有的用户名会更新其姓名、角色、单位等信息。",
        f"角色：{roles}。联络员和单位负责人必须填写所属单位（全称或简称）。",
        "初始密码：可不填，系统为新用户生成随机密码并只显示一次，请当场抄送；"
        "填写则须至少 8 位且不能是纯数字或常见密码。",
        "启用：是/否，不填为“是”。",
        "任何一行有错，整个文件都不会导入，请按提示修改后重新上传。",
    ]


# ---------------------------------------------------------------- validation helpers


class _Rows:
    """Collects per-row, per-column messages in file order."""

    def __init__(self) -> None:
        self._found: list[tuple[int, str]] = []

    def add(self, row: SheetRow, column: str, message: str) -> None:
        text = ROW_ERROR.format(row=row.number, column=column, message=message)
        self._found.append((row.number, text))

    @property
    def errors(self) -> list[str]:
        """By row, as the official reads the file; within a row in the order checked."""
        return [text for _number, text in sorted(self._found, key=lambda found: found[0])]


def _bool(rows: _Rows, row: SheetRow, column: str, default: bool = True) -> bool:
    raw = row.values.get(column, "")
    if not raw:
        return default
    if raw.lower() in YES:
        return True
    if raw.lower() in NO:
        return False
    rows.add(row, column, NOT_YES_NO.format(value=raw))
    return default


def _label_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[label] = value
        lookup[label.replace("（", "(").replace("）", ")")] = value
    return lookup


def _unit_lookup(units: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Name or short name → full name for the given (name, short name) pairs, in order."""
    lookup: dict[str, str] = {}
    for name, short_name in units:
        lookup[name] = name
        if short_name:
            lookup.setdefault(short_name, name)
    return lookup


# ---------------------------------------------------------------- units


@dataclass
class _UnitRow:
    row: SheetRow
    name: str
    short_name: str
    kind: str
    parent: str
    sort_order: int
    aliases: list[str]
    is_active: bool


def _parse_units(sheet: list[SheetRow], rows: _Rows) -> list[_UnitRow]:
    kinds = _label_lookup(Unit.Kind.choices)
    kinds.update({"区": Unit.Kind.DISTRICT, "县": Unit.Kind.DISTRICT, "部门": Unit.Kind.DEPARTMENT})
    parsed: list[_UnitRow] = []
    first_row: dict[str, int] = {}
    for row in sheet:
        v = row.values
        name = v.get("全称", "")
        if not name:
            rows.add(row, "全称", REQUIRED)
        elif len(name) > 100:
            rows.add(row, "全称", TOO_LONG.format(limit=100))
        elif name in first_row:
            rows.add(row, "全称", DUPLICATE_IN_FILE.format(value=name, first=first_row[name]))
        else:
            first_row[name] = row.number
        short_name = v.get("简称", "")
        if len(short_name) > 50:
            rows.add(row, "简称", TOO_LONG.format(limit=50))
        raw_kind = v.get("类别", "")
        kind = kinds.get(raw_kind) or kinds.get(raw_kind.lower(), "")
        if not raw_kind:
            rows.add(row, "类别", REQUIRED)
        elif not kind:
            choices = "、".join(label for _, label in Unit.Kind.choices)
            rows.add(row, "类别", UNKNOWN_KIND.format(value=raw_kind, choices=choices))
        raw_order = v.get("排序", "")
        sort_order = 0
        if raw_order:
            if raw_order.isdigit():
                sort_order = int(raw_order)
            else:
                rows.add(row, "排序", NOT_A_NUMBER.format(value=raw_order))
        aliases_raw = v.get("别名", "")
        for separator in ALIAS_SEPARATORS:
            aliases_raw = aliases_raw.replace(separator, "、")
        aliases = [alias.strip() for alias in aliases_raw.split("、") if alias.strip()]
        for alias in aliases:
            if len(alias) > 100:
                rows.add(row, "别名", TOO_LONG.format(limit=100))
        parsed.append(
            _UnitRow(
                row=row,
                name=name,
                short_name=short_name,
                kind=kind,
                parent=v.get("上级单位", ""),
                sort_order=sort_order,
                aliases=aliases,
                is_active=_bool(rows, row, "启用"),
            )
        )
    return parsed


def _check_parents(parsed: list[_UnitRow], rows: _Rows) -> dict[str, str | None]:
    """Full name of each unit's parent after the import, with missing and circular ones reported."""
    in_file = ((item.name, item.short_name) for item in parsed if item.name)
    lookup = _unit_lookup(chain(Unit.objects.values_list("name", "short_name"), in_file))
    parent_of: dict[str, str | None] = dict(
        Unit.objects.filter(parent__isnull=False).values_list("name", "parent__name")
    )
    for item in parsed:
        if not item.name:
            continue
        if not item.parent:
            parent_of[item.name] = None
            continue
        parent = lookup.get(item.parent)
        if parent is None:
            rows.add(item.row, "上级单位", UNKNOWN_UNIT.format(value=item.parent))
        elif parent == item.name:
            rows.add(item.row, "上级单位", OWN_PARENT)
        else:
            parent_of[item.name] = parent
    for item in parsed:
        seen = [item.name]
        current = parent_of.get(item.name)
        while current is not None:
            if current in seen:
                path = " → ".join([*seen, current])
                rows.add(item.row, "上级单位", PARENT_CYCLE.format(path=path))
                break
            seen.append(current)
            current = parent_of.get(current)
    return parent_of


def _check_aliases(parsed: list[_UnitRow], rows: _Rows) -> None:
    owners = {
        alias.lower(): owner for alias, owner in UnitAlias.objects.values_list("name", "unit__name")
    }
    in_file: dict[str, str] = {}
    for item in parsed:
        for alias in item.aliases:
            key = alias.lower()
            owner = in_file.get(key) or owners.get(key)
            if owner is not None and owner != item.name:
                rows.add(item.row, "别名", ALIAS_TAKEN.format(value=alias, owner=owner))
            in_file.setdefault(key, item.name)


def import_units(*, data: bytes, filename: str, actor: User) -> ImportResult:
    """Create or update every unit of the file, or — if any row is wrong — none of them."""
    policy.require(actor, Action.MANAGE_DIRECTORY)
    sheet = read_sheet(data=data, filename=filename, columns=UNIT_COLUMNS, required=UNIT_REQUIRED)
    rows = _Rows()
    result = ImportResult(kind=KIND_UNITS)
    with transaction.atomic():
        # Lock the directory so a concurrent import cannot slip a cycle between check and write.
        existing = {unit.name: unit for unit in Unit.objects.select_for_update()}
        parsed = _parse_units(sheet, rows)
        parent_of = _check_parents(parsed, rows)
        _check_aliases(parsed, rows)
        if rows.errors:
            result.errors = rows.errors
            return result
        units: dict[str, Unit] = dict(existing)
        for item in parsed:
            unit = units.get(item.name)
            if unit is None:
                unit = Unit(name=item.name)
                result.created += 1
            else:
                result.updated += 1
            unit.short_name = item.short_name
            unit.kind = item.kind
            unit.sort_order = item.sort_order
            unit.is_active = item.is_active
            unit.parent = None if unit.pk is None else unit.parent
            unit.save()
            units[item.name] = unit
        for item in parsed:
            unit = units[item.name]
            parent_name = parent_of.get(item.name)
            unit.parent = units[parent_name] if parent_name else None
            unit.full_clean()
            unit.save(update_fields=["parent"])
            for alias in item.aliases:
                UnitAlias.objects.get_or_create(
                    name__iexact=alias, defaults={"unit": unit, "name": alias}
                )
    return result


# ---------------------------------------------------------------- users


def import_users(*, data: bytes, filename: str, actor: User) -> ImportResult:
    """Create or update every user of the file, or — if any row is wrong — none of them.
    New users without a password in the file get a generated one, returned once."""
    policy.require(actor, Action.MANAGE_DIRECTORY)
    sheet = read_sheet(data=data, filename=filename, columns=USER_COLUMNS, required=USER_REQUIRED)
    rows = _Rows()
    result = ImportResult(kind=KIND_USERS)
    roles = _label_lookup(User.Role.choices)
    username_field = User._meta.get_field("username")
    first_row: dict[str, int] = {}
    with transaction.atomic():
        existing = {
            user.username.lower(): user
            for user in User.objects.select_for_update().filter(
                username__in=[row.values.get("用户名", "") for row in sheet]
            )
        }
        unit_by_name = {unit.name: unit for unit in Unit.objects.all()}
        units = _unit_lookup((unit.name, unit.short_name) for unit in unit_by_name.values())
        planned: list[tuple[SheetRow, User, str, bool]] = []
        for row in sheet:
            v = row.values
            username = v.get("用户名", "")
            errors_before = len(rows.errors)
            if not username:
                rows.add(row, "用户名", REQUIRED)
            else:
                try:
                    for validator in username_field.validators:
                        validator(username)
                except ValidationError:
                    rows.add(row, "用户名", BAD_USERNAME)
                if len(username) > 150:
                    rows.add(row, "用户名", TOO_LONG.format(limit=150))
                if username.lower() in first_row:
                    rows.add(
                        row,
                        "用户名",
                        DUPLICATE_IN_FILE.format(value=username, first=first_row[username.lower()]),
                    )
                else:
                    first_row[username.lower()] = row.number
            display_name = v.get("姓名", "")
            if len(display_name) > 50:
                rows.add(row, "姓名", TOO_LONG.format(limit=50))
            raw_role = v.get("角色", "")
            role = roles.get(raw_role) or roles.get(raw_role.lower(), "")
            if not raw_role:
                rows.add(row, "角色", REQUIRED)
            elif not role:
                choices = "、".join(label for _, label in User.Role.choices)
                rows.add(row, "角色", UNKNOWN_ROLE.format(value=raw_role, choices=choices))
            raw_unit = v.get("所属单位", "")
            unit = None
            if raw_unit:
                full_name = units.get(raw_unit)
                if full_name is None:
                    rows.add(row, "所属单位", UNKNOWN_UNIT.format(value=raw_unit))
                else:
                    unit = unit_by_name[full_name]
            elif role in User.UNIT_ROLES:
                rows.add(row, "所属单位", UNIT_NEEDED)
            phone = v.get("电话", "")
            if len(phone) > 30:
                rows.add(row, "电话", TOO_LONG.format(limit=30))
            email = v.get("邮箱", "")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    rows.add(row, "邮箱", BAD_EMAIL)
            is_active = _bool(rows, row, "启用")
            user = existing.get(username.lower()) or User(username=username)
            is_new = user.pk is None
            user.display_name = display_name or user.display_name
            if role:
                user.role = role
            user.unit = unit if role in User.UNIT_ROLES or unit else None
            user.phone = phone or user.phone
            user.email = email or user.email
            user.is_active = is_active
            user.is_staff = role in (User.Role.ADMIN, User.Role.SUPERVISOR) or user.is_superuser
            if (role == User.Role.ADMIN or user.is_superuser) and not _is_admin(actor):
                rows.add(row, "角色", ADMIN_ONLY)
            password = v.get("初始密码", "")
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    rows.add(row, "初始密码", WEAK_PASSWORD.format(reasons="；".join(exc.messages)))
            if len(rows.errors) == errors_before:
                planned.append((row, user, password, is_new))
        if rows.errors:
            result.errors = rows.errors
            return result
        for _row, user, password, is_new in planned:
            if password:
                user.set_password(password)
            elif is_new:
                generated = generate_password()
                user.set_password(generated)
                result.passwords.append((user.username, user.display_name, generated))
            user.save()
            if is_new:
                result.created += 1
            else:
                result.updated += 1
    return result


def _is_admin(user: User) -> bool:
    return user.is_superuser or user.role == User.Role.ADMIN


def generate_password() -> str:
    """Twelve characters officials can read aloud: no 0/O, 1/l/I."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))
