"""The demo county 澜川区: a fictional directory and demo accounts, written by us.

Everything is created with get_or_create on natural keys, so seeding twice changes nothing.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from directory.models import Unit, UnitAlias, User

DISTRICT = "澜川区"

STREETS = (
    ("城关街道", ("城关社区", "文昌社区", "河西社区")),
    ("东湖街道", ("东湖社区", "湖滨社区", "望江社区")),
    ("西岭街道", ("西岭社区", "松林社区", "古井社区")),
    ("南浦街道", ("南浦社区", "渡口社区", "新桥社区")),
)
TOWNSHIPS = (
    ("青石镇", ("青石村", "石桥村", "荷塘村")),
    ("白沙镇", ("白沙村", "沙湾村", "柳林村")),
    ("柳河镇", ("柳河村", "上坝村", "下坝村")),
    ("桃源镇", ("桃源村", "杏花村", "双溪村")),
    ("金台镇", ("金台村", "银杏村", "马鞍村")),
    ("龙泉镇", ("龙泉村", "泉水村", "高坪村")),
    ("石门乡", ("石门村", "竹园村", "茶山村")),
    ("云雾乡", ("云雾村", "云顶村", "雾溪村")),
    ("凤鸣乡", ("凤鸣村", "凤岭村", "鸣泉村")),
)
# (full name, short name, kind, aliases as speeches write them)
DEPARTMENTS = (
    (
        "中共澜川区委组织部",
        "区委组织部",
        Unit.Kind.DEPARTMENT,
        ("组织部", "组织部门", "区委组织部"),
    ),
    ("中共澜川区委宣传部", "区委宣传部", Unit.Kind.DEPARTMENT, ("宣传部", "宣传部门")),
    ("中共澜川区纪律检查委员会", "区纪委监委", Unit.Kind.DEPARTMENT, ("纪委", "纪检监察机关")),
    ("中共澜川区委政法委员会", "区委政法委", Unit.Kind.DEPARTMENT, ("政法委", "政法部门")),
    ("澜川区发展和改革局", "区发改局", Unit.Kind.DEPARTMENT, ("发改局", "发改部门")),
    ("澜川区财政局", "区财政局", Unit.Kind.DEPARTMENT, ("财政局", "财政部门")),
    ("澜川区人力资源和社会保障局", "区人社局", Unit.Kind.DEPARTMENT, ("人社局", "人社部门")),
    ("澜川区农业农村局", "区农业农村局", Unit.Kind.DEPARTMENT, ("农业农村局", "农业农村部门")),
    ("澜川区民政局", "区民政局", Unit.Kind.DEPARTMENT, ("民政局", "民政部门")),
    ("澜川区教育局", "区教育局", Unit.Kind.DEPARTMENT, ("教育局", "教育部门")),
    ("中共澜川区委党校", "区委党校", Unit.Kind.DEPARTMENT, ("党校",)),
    ("澜川区应急管理局", "区应急管理局", Unit.Kind.DEPARTMENT, ("应急管理局", "应急管理部门")),
    ("澜川区林业局", "区林业局", Unit.Kind.DEPARTMENT, ("林业局", "林业部门")),
    ("澜川区交通运输局", "区交通运输局", Unit.Kind.DEPARTMENT, ("交通运输局", "交通运输部门")),
    ("澜川区公安分局", "区公安分局", Unit.Kind.DEPARTMENT, ("公安分局", "公安机关")),
    ("中共澜川区委两新组织工作委员会", "区委两新工委", Unit.Kind.PARTY_ORG, ("两新工委",)),
)

# (username, display name, role, unit short or full name or None)
DEMO_USERS = (
    ("admin", "系统管理员", User.Role.ADMIN, None),
    ("ducha", "王督查", User.Role.SUPERVISOR, None),
    ("lingdao", "李书记", User.Role.LEADER, None),
    ("qingshi", "张联络（青石镇）", User.Role.UNIT_STAFF, "青石镇"),
    ("qingshi_fzr", "陈镇长（青石镇）", User.Role.UNIT_LEADER, "青石镇"),
    ("baisha", "刘联络（白沙镇）", User.Role.UNIT_STAFF, "白沙镇"),
    ("chengguan", "赵联络（城关街道）", User.Role.UNIT_STAFF, "城关街道"),
    ("zuzhibu", "周联络（组织部）", User.Role.UNIT_STAFF, "中共澜川区委组织部"),
)


ACCOUNTS_FILE_NAME = "demo-accounts.txt"


def accounts_file() -> Path:
    """The file that keeps the demo accounts' passwords (readable by its owner only)."""
    return Path(settings.VAR_DIR) / ACCOUNTS_FILE_NAME


@dataclass(frozen=True)
class SeededAccount:
    username: str
    password: str | None  # None: the account existed already, its password is unchanged
    role_label: str
    unit_name: str


def _unit(name: str, **fields) -> Unit:
    unit, _created = Unit.objects.get_or_create(name=name, defaults=fields)
    return unit


@transaction.atomic
def seed_demo_directory(*, password: str = "") -> list[SeededAccount]:
    """Create the demo county's units and accounts that are missing; never touch existing ones."""
    district = _unit(DISTRICT, kind=Unit.Kind.DISTRICT, short_name="全区")
    order = 0
    for kind, groups in ((Unit.Kind.STREET, STREETS), (Unit.Kind.TOWNSHIP, TOWNSHIPS)):
        child_kind = Unit.Kind.COMMUNITY if kind == Unit.Kind.STREET else Unit.Kind.VILLAGE
        for name, children in groups:
            order += 10
            parent = _unit(name, kind=kind, parent=district, sort_order=order)
            for index, child in enumerate(children, start=1):
                _unit(
                    f"{name}{child}",
                    short_name=child,
                    kind=child_kind,
                    parent=parent,
                    sort_order=index,
                )
    for full_name, short_name, kind, aliases in DEPARTMENTS:
        order += 10
        unit = _unit(full_name, short_name=short_name, kind=kind, parent=district, sort_order=order)
        for alias in aliases:
            if not UnitAlias.objects.filter(name__iexact=alias).exists():
                UnitAlias.objects.create(unit=unit, name=alias)

    accounts = []
    for username, display_name, role, unit_name in DEMO_USERS:
        unit = Unit.objects.get(name=unit_name) if unit_name else None
        if User.objects.filter(username=username).exists():
            accounts.append(SeededAccount(username, None, role.label, unit_name or ""))
            continue
        chosen = password or secrets.token_urlsafe(9)
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            unit=unit,
            is_staff=role in (User.Role.ADMIN, User.Role.SUPERVISOR),
            is_superuser=role == User.Role.ADMIN,
        )
        user.set_password(chosen)
        user.full_clean()
        user.save()
        accounts.append(SeededAccount(username, chosen, role.label, unit_name or ""))
    return accounts


@transaction.atomic
def reset_demo_passwords(*, password: str = "") -> list[SeededAccount]:
    """Give every existing demo account a new password (``password``, or a random one each)."""
    accounts = []
    for username, _display_name, role, unit_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        chosen = password or secrets.token_urlsafe(9)
        user.set_password(chosen)
        user.save(update_fields=["password"])
        accounts.append(SeededAccount(username, chosen, role.label, unit_name or ""))
    return accounts
