"""What reaches people about the work: notifications, calendar feeds, the daily deadline scans."""

from django.conf import settings
from django.db import models

from tracker.models.work import Assignment


class Notification(models.Model):
    """One message to one person about one assignment, for one day, through one channel.

    The unique key (assignment, recipient, kind, for_date, channel, event) is what makes
    delivery exactly-once: a retried task, a second beat tick or a racing worker hits the
    constraint instead of sending again. A reminder of the daily scans has no ``event``, so it
    goes once per assignment, kind and day; a notice of something that happened (a 批示, a
    通报, a return) names that event, so a second one the same day is told too.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        DUE_TODAY = "due_today", "今日到期"
        OVERDUE = "overdue", "已逾期"
        CATCH_UP = "catch_up", "补发提醒"
        ESCALATION = "escalation", "逾期督办"
        RETURNED = "returned", "完成被退回"
        EXTENSION_DECIDED = "extension_decided", "延期审批结果"
        ASSIGNED = "assigned", "新任务"
        DIGEST = "digest", "每周汇总"
        TASK_CHANGED = "task_changed", "任务变更"
        UNASSIGNED = "unassigned", "撤销分派"
        COMPLETED = "completed", "完成待销号"
        EXTENSION_REQUESTED = "extension_requested", "延期待审批"
        URGED = "urged", "督查室催办"
        REPORT_DUE = "report_due", "报送提醒"
        REPORT_OVERDUE = "report_overdue", "报送逾期"
        INSTRUCTION = "instruction", "领导批示"
        SUPERVISION_FORM = "supervision_form", "督办单"
        BULLETIN = "bulletin", "督查通报"

    class Channel(models.TextChoices):
        IN_APP = "in_app", "站内"
        EMAIL = "email", "邮件"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="任务分派",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    kind = models.CharField("类型", max_length=24, choices=Kind)
    for_date = models.DateField("提醒日期")
    channel = models.CharField("渠道", max_length=8, choices=Channel, default=Channel.IN_APP)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    created_at = models.DateTimeField("生成时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    failure_reason = models.TextField("失败原因", blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # "instruction:17": the event it tells of (``event_of``); empty for the scans' reminders,
    # which the database fills in itself (they are COPYed in, see reminders.scan).
    event = models.CharField("事由", max_length=48, blank=True, default="", db_default="")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "recipient", "kind", "for_date", "channel", "event"],
                name="one_notification_per_event",
            ),
            # Digests concern no single assignment; NULLs never collide in a unique index, so
            # they get their own key (a partial index works on PostgreSQL and SQLite alike).
            models.UniqueConstraint(
                fields=["recipient", "kind", "for_date", "channel", "event"],
                condition=models.Q(assignment__isnull=True),
                name="one_unattached_notification_per_event",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"],
                condition=models.Q(channel="in_app"),
                name="unread_in_app_by_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @staticmethod
    def event_of(cause: models.Model, *detail: object) -> str:
        """The ``event`` of a notice caused by this row: its model and id, "instruction:17",
        then any ``detail`` telling two events of one row apart ("task:5:3": its third edit)."""
        return ":".join(map(str, (cause._meta.model_name, cause.pk, *detail)))


class CalendarFeed(models.Model):
    """A secret-token iCal URL for one user or one unit; a new token kills the old URL."""

    token = models.CharField("令牌", max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        null=True,
        blank=True,
    )
    unit = models.OneToOneField(
        "directory.Unit",
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("生成时间")
    # A unit feed's active members when its token was issued: once any of them has left the
    # unit (moved, demoted, deactivated, in the admin or an import alike) the URL is dead.
    members = models.JSONField("生成时的单位成员", default=list, blank=True)

    class Meta:
        verbose_name = "日历订阅"
        verbose_name_plural = "日历订阅"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, unit__isnull=True)
                | models.Q(user__isnull=True, unit__isnull=False),
                name="calendar_feed_for_user_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"日历订阅 {self.user or self.unit}"


class ReminderScan(models.Model):
    """One finished deadline scan per day: the next scan catches up on the days in between."""

    scan_date = models.DateField("扫描日期", unique=True)
    # The first day this scan answered for (earlier than scan_date after an outage): a later
    # scan of any day in [window_start, scan_date] adds nothing (see scan.scan_window_for).
    window_start = models.DateField("覆盖起始日", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间")
    created = models.JSONField("新增提醒（按类型）", default=dict, blank=True)

    class Meta:
        verbose_name = "到期扫描记录"
        verbose_name_plural = "到期扫描记录"
        ordering = ["-scan_date"]

    def __str__(self) -> str:
        return f"到期扫描 {self.scan_date}"


# --- 督办 documents and assessment: 督办单, 督查通报, 领导批示, score weights -------------------
