"""Import user accounts: new accounts are created at once; changes to existing accounts are
listed first and saved only when the importer confirms exactly that list.

An import never changes an existing account's password (the 初始密码 column is for new
accounts), never gives a role above the importer's own, and a supervisor cannot change an
admin's or another supervisor's account. Every account created or changed is recorded in
``AccountChange`` (who, when, what).
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from directory import policy
from directory.imports.sheets import (
    ADMIN_ONLY,
    BAD_EMAIL,
    BAD_USERNAME,
    DUPLICATE_IN_FILE,
    KIND_USERS,
    REQUIRED,
    TOO_LONG,
    UNIT_NEEDED,
    UNKNOWN_ROLE,
    UNKNOWN_UNIT,
    USER_COLUMNS,
    USER_REQUIRED,
    WEAK_PASSWORD,
    ImportResult,
    RowErrors,
    SheetRow,
    label_lookup,
    read_sheet,
    unit_lookup,
    yes_no,
)
from directory.models import AccountChange, Unit, User
from directory.policy import Action

OTHER_SUPERVISOR = "只有系统管理员可以修改管理员或其他督查员的账号"
PASSWORD_KEPT = "第{row}行：“{username}”是已有账号，导入不会修改其密码（“初始密码”列已忽略）"
SOURCE = "用户导入：{filename}"

# The fields an import may change on an existing account, with the labels the preview shows.
FIELD_LABELS = {
    "display_name": "姓名",
    "role": "角色",
    "unit": "所属单位",
    "phone": "电话",
    "email": "邮箱",
    "is_active": "启用",
}


@dataclass(frozen=True)
class AccountDiff:
    """One existing account the file changes: (label, old, new) per changed field."""

    row: int
    username: str
    fields: tuple[tuple[str, str, str], ...]


@dataclass
class _Planned:
    row: SheetRow
    user: User
    password: str
    is_new: bool
    diff: AccountDiff | None = None
    values: dict = field(default_factory=dict)


def _shown(name: str, value) -> str:
    if name == "role":
        return User.Role(value).label if value else ""
    if name == "unit":
        return value.name if value is not None else ""
    if name == "is_active":
        return "是" if value else "否"
    return value or ""


def _plan(sheet: list[SheetRow], actor: User, rows: RowErrors, notices: list[str]):
    roles = label_lookup(User.Role.choices)
    username_field = User._meta.get_field("username")
    first_row: dict[str, int] = {}
    existing = {
        user.username.lower(): user
        for user in User.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(username__in=[row.values.get("用户名", "") for row in sheet])
    }
    unit_by_name = {unit.name: unit for unit in Unit.objects.all()}
    units = unit_lookup((unit.name, unit.short_name) for unit in unit_by_name.values())
    planned: list[_Planned] = []
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
        is_active = yes_no(rows, row, "启用")
        current = existing.get(username.lower())
        user = current or User(username=username)
        is_new = current is None
        values = {
            "display_name": display_name or user.display_name,
            "role": role or user.role,
            "unit": unit if (role or user.role) in User.UNIT_ROLES or unit else None,
            "phone": phone or user.phone,
            "email": email or user.email,
            "is_active": is_active,
        }
        beyond_rights = role and not policy.may_grant_role(actor, role)
        if beyond_rights or (not is_new and user.is_superuser and not policy.is_admin(actor)):
            rows.add(row, "角色", ADMIN_ONLY)
        diff = None
        if not is_new:
            changed = tuple(
                (label, _shown(name, getattr(user, name)), _shown(name, values[name]))
                for name, label in FIELD_LABELS.items()
                if _shown(name, getattr(user, name)) != _shown(name, values[name])
            )
            if changed:
                diff = AccountDiff(row=row.number, username=user.username, fields=changed)
                if not policy.may_manage_account(actor, user):
                    rows.add(row, "用户名", OTHER_SUPERVISOR)
        password = v.get("初始密码", "")
        if password and not is_new:
            notices.append(PASSWORD_KEPT.format(row=row.number, username=user.username))
            password = ""
        elif password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                rows.add(row, "初始密码", WEAK_PASSWORD.format(reasons="；".join(exc.messages)))
        if len(rows.errors) == errors_before:
            planned.append(_Planned(row, user, password, is_new, diff, values))
    return planned


def fingerprint_of(diffs: list[AccountDiff]) -> str:
    """What the importer confirmed: the exact list of changes, hashed."""
    payload = json.dumps([[d.username, d.fields] for d in diffs], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def import_users(
    *, data: bytes, filename: str, actor: User, now: datetime, confirm: str = ""
) -> ImportResult:
    """Create every new user of the file and — once ``confirm`` is the fingerprint of the
    listed changes — change the existing ones; or, if any row is wrong, nothing. New users
    without a password in the file get a generated one, returned once."""
    policy.require(actor, Action.MANAGE_DIRECTORY)
    sheet = read_sheet(data=data, filename=filename, columns=USER_COLUMNS, required=USER_REQUIRED)
    rows = RowErrors()
    result = ImportResult(kind=KIND_USERS)
    with transaction.atomic():
        planned = _plan(sheet, actor, rows, result.notices)
        if rows.errors:
            result.errors = rows.errors
            return result
        result.changes = [item.diff for item in planned if item.diff is not None]
        result.fingerprint = fingerprint_of(result.changes)
        if result.changes and confirm != result.fingerprint:
            result.needs_confirmation = True
            return result
        source = SOURCE.format(filename=filename)[:200]
        for item in planned:
            _apply(item, actor=actor, now=now, source=source, result=result)
    return result


def _apply(item: _Planned, *, actor: User, now: datetime, source: str, result: ImportResult):
    user = item.user
    if not item.is_new and item.diff is None:
        return  # the row says what the account already is
    for name, value in item.values.items():
        setattr(user, name, value)
    user.is_staff = user.role in (User.Role.ADMIN, User.Role.SUPERVISOR) or user.is_superuser
    if item.is_new:
        password = item.password or generate_password()
        if not item.password:
            result.passwords.append((user.username, user.display_name, password))
        user.set_password(password)
        user.must_change_password = True  # someone else chose it
        user.save()
        result.created += 1
        changes = {
            FIELD_LABELS[name]: ["", _shown(name, value)]
            for name, value in item.values.items()
            if _shown(name, value)
        }
        action = AccountChange.Action.CREATED
    else:
        user.save()
        result.updated += 1
        changes = {label: [old, new] for label, old, new in item.diff.fields}
        action = AccountChange.Action.UPDATED
    AccountChange.objects.create(
        account=user,
        username=user.username,
        actor=actor,
        action=action,
        changes=changes,
        source=source,
        changed_at=now,
    )


def generate_password() -> str:
    """Twelve characters officials can read aloud: no 0/O, 1/l/I."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))
