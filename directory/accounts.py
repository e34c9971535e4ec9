"""Passwords of accounts: a reset by an admin or supervisor, and the first-login change.

A reset never shows the existing password (Django stores only its hash): it sets the one the
resetter typed, or a generated one returned once, and the account must choose its own at the
next login. Each reset is an AccountChange row; the password itself is recorded nowhere.
"""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from directory import policy
from directory.imports.users import generate_password
from directory.models import AccountChange, User

MAY_NOT_RESET = "只有系统管理员可以重置管理员或其他督查员的密码"
RESET_SOURCE = "重置密码"


@transaction.atomic
def reset_password(*, account: User, actor: User, now: datetime, password: str = "") -> str:
    """Give ``account`` the typed ``password`` (validated) or a generated one, flag it to be
    changed at the next login, record who did it; returns the new password."""
    if not policy.may_manage_account(actor, account) or account.pk == actor.pk:
        raise PermissionDenied(MAY_NOT_RESET)
    account = User.objects.select_for_update().get(pk=account.pk)
    if password:
        validate_password(password, account)  # ValidationError: the form shows the reasons
    new_password = password or generate_password()
    account.set_password(new_password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    AccountChange.objects.create(
        account=account,
        username=account.username,
        actor=actor,
        action=AccountChange.Action.PASSWORD_RESET,
        changes={"密码": ["（不显示）", "已重置" if not password else "已设为指定密码"]},
        source=RESET_SOURCE,
        changed_at=now,
    )
    return new_password


def password_changed(*, user: User) -> None:
    """The user chose their own password: no longer asked to."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
