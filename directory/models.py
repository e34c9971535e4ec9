"""The ground floor: the county's units, their aliases and the people who log in.

The models moved here from ``tracker`` and kept their tables (``db_table``), so no row moved.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

UNIT_REQUIRED_FOR_ROLE = "联络员和单位负责人必须指定所属单位"


class Unit(models.Model):
    """A responsible unit of the county: township, street, department, village …"""

    class Kind(models.TextChoices):
        DISTRICT = "district", "区（县）"
        TOWNSHIP = "township", "乡镇"
        STREET = "street", "街道"
        DEPARTMENT = "department", "区直部门"
        PARTY_ORG = "party_org", "党委/党组"
        VILLAGE = "village", "村"
        COMMUNITY = "community", "社区"
        ENTERPRISE = "enterprise", "企业"
        OTHER = "other", "其他"

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类别", max_length=16, choices=Kind, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "tracker_unit"  # the table kept its name when the model moved here
        verbose_name = "单位"
        verbose_name_plural = "单位名录"
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="unit_not_its_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:unit-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another way speeches name a unit (区委组织部 → 组织部, 组织部门)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=100)

    class Meta:
        db_table = "tracker_unitalias"
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unit_alias_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LuoshiUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person with one role; unit staff and unit leaders belong to exactly one unit."""

    class Role(models.TextChoices):
        ADMIN = "admin", "系统管理员"
        SUPERVISOR = "supervisor", "督查员"
        UNIT_STAFF = "unit_staff", "联络员"
        UNIT_LEADER = "unit_leader", "单位负责人"
        LEADER = "leader", "领导"

    UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_LEADER)

    role = models.CharField("角色", max_length=16, choices=Role, default=Role.UNIT_STAFF)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    # Set when someone else chose the password (an import, a reset): the first login asks for
    # a new one before anything else.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    objects = LuoshiUserManager()

    class Meta:
        db_table = "tracker_user"
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["unit_staff", "unit_leader"])
                | models.Q(unit__isnull=False),
                name="unit_roles_have_a_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in self.UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": UNIT_REQUIRED_FOR_ROLE})

    @property
    def is_unit_member(self) -> bool:
        return self.role in self.UNIT_ROLES


class AccountChange(models.Model):
    """Who changed which account, when, and what: every import row that creates or changes an
    account, and every password reset (never the password itself)."""

    class Action(models.TextChoices):
        CREATED = "created", "新建账号"
        UPDATED = "updated", "修改账号"
        PASSWORD_RESET = "password_reset", "重置密码"

    account = models.ForeignKey(
        User,
        verbose_name="账号",
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_changes",
    )
    username = models.CharField("用户名", max_length=150)
    actor = models.ForeignKey(
        User, verbose_name="操作人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField("操作", max_length=16, choices=Action)
    # {"角色": ["联络员", "督查员"], ...}: labels and display values as the preview showed them
    changes = models.JSONField("修改内容", default=dict, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    changed_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "账号变更记录"
        verbose_name_plural = "账号变更记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.username}"
