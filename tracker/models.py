from django.conf import settings
from django.db import models
from django.urls import reverse

from directory.models import Unit
from speeches.models import Recurrence, source_lines
from tracker import status

# How often units must report progress (the second clock); the rule of each is in
# tracker/services/report_clock.py.
REPORT_CADENCES = [
    ("weekly", "每周五前"),
    ("monthly", "每月25日前"),
    ("quarterly", "每季度末"),
]


class Task(models.Model):
    """An accepted directive: what must be done, linked to its place in the speech."""

    Recurrence = Recurrence  # one vocabulary with the candidates' (lib.recurrence)

    directive = models.OneToOneField(
        "speeches.Directive",
        verbose_name="来源候选",
        on_delete=models.PROTECT,
        related_name="accepted_task",
        null=True,
        blank=True,
    )
    speech = models.ForeignKey(
        "speeches.Speech",
        verbose_name="来源讲话",
        on_delete=models.PROTECT,
        related_name="tasks",
        null=True,
        blank=True,
    )
    title = models.TextField("任务内容")
    quote = models.TextField("原文", blank=True)
    quote_start = models.PositiveIntegerField("原文起始位置", null=True, blank=True)
    quote_end = models.PositiveIntegerField("原文结束位置", null=True, blank=True)
    section_path = models.JSONField("所在章节", default=list, blank=True)
    deadline_text = models.CharField("时限原文", max_length=100, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    recurrence = models.CharField("周期", max_length=16, choices=Recurrence, blank=True)
    target = models.CharField("量化目标", max_length=100, blank=True)
    # Where the candidate's units and deadline were read, as extract_tasks --json prints it.
    provenance = models.JSONField("单位与时限的来源", default=dict, blank=True)
    report_cadence = models.CharField(
        "报送周期", max_length=16, choices=REPORT_CADENCES, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="created_tasks",
    )
    created_at = models.DateTimeField("创建时间")
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title[:60]

    def get_absolute_url(self) -> str:
        return reverse("tracker:task-detail", args=[self.pk])

    def source_lines(self) -> list[str]:
        return source_lines(self.provenance)


class Assignment(models.Model):
    """One unit's share of a task (per period, for recurring tasks)."""

    Status = status.Status  # the vocabulary lives in tracker/status.py

    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        COOPERATING = "cooperating", "配合"

    OPEN_STATUSES = status.OPEN

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField("责任类型", max_length=16, choices=Role, default=Role.LEAD)
    period = models.PositiveIntegerField("周期序号", default=1)
    period_start = models.DateField("周期开始", null=True, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True, db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    created_at = models.DateTimeField("分派时间")
    updated_at = models.DateTimeField("更新时间")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        on_delete=models.PROTECT,
        related_name="closed_assignments",
        null=True,
        blank=True,
    )
    # Optimistic lock: every write compares and bumps it, so a stale form is refused.
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "任务分派"
        verbose_name_plural = "任务分派"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period"], name="one_assignment_per_unit_and_period"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="assignment_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("tracker:assignment-detail", args=[self.pk])

    def is_overdue_on(self, today) -> bool:
        """Overdue is derived, never stored: not yet completed and past the due date."""
        return status.is_overdue(self.status, self.due_on, today)


class HistoryEntry(models.Model):
    """One recorded change of a task or assignment: who, when, from and to."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建"
        STATUS = "status", "状态变更"
        DUE_DATE = "due_date", "时限调整"
        REASSIGNED = "reassigned", "改派"
        PROGRESS = "progress", "进展报告"
        RETURNED = "returned", "退回"
        CLOSED = "closed", "销号"
        EXTENSION_REQUESTED = "extension_requested", "申请延期"
        EXTENSION_APPROVED = "extension_approved", "同意延期"
        EXTENSION_REFUSED = "extension_refused", "不同意延期"
        TASK_EDITED = "task_edited", "修改任务"
        UNIT_ADDED = "unit_added", "增加责任单位"
        UNIT_REMOVED = "unit_removed", "撤销分派"
        URGED = "urged", "催办"
        INSTRUCTION = "instruction", "领导批示"
        SUPERVISION_FORM = "supervision_form", "下发督办单"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="history")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="history", null=True, blank=True
    )
    kind = models.CharField("类型", max_length=32, choices=Kind)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        related_name="history_entries",
    )
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.old_value}→{self.new_value}"


class ProgressReport(models.Model):
    """A unit's report on an assignment: what was done, how far, with evidence."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    text = models.TextField("进展情况")
    progress = models.PositiveSmallIntegerField("进度（%）")
    created_at = models.DateTimeField("填报时间", db_index=True)

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_at_most_100"
            ),
        ]
        # "Latest report of each assignment" (ledger, dashboard, assignment page) walks this
        # index backwards instead of sorting every report of the assignment.
        indexes = [
            models.Index(fields=["assignment", "-created_at", "-id"], name="latest_report_lookup")
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def unit_id(self) -> int:
        return self.assignment.unit_id


class Evidence(models.Model):
    """A file attached to a progress report; served only to users who may see the assignment."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    """A unit asks for a later due date; a supervisor approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "不同意"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间")
    old_due_on = models.DateField("原时限", null=True, blank=True)
    new_due_on = models.DateField("申请延至")
    reason = models.TextField("理由")
    status = models.CharField("审批状态", max_length=16, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.new_due_on}"


class Notification(models.Model):
    """One message to one person about one assignment, for one day, through one channel.

    The unique key (assignment, recipient, kind, for_date, channel) is what makes delivery
    exactly-once: a retried task, a second beat tick or a racing worker hits the constraint
    instead of sending again.
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

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "recipient", "kind", "for_date", "channel"],
                name="one_notification_per_key",
            ),
            # Digests concern no single assignment; NULLs never collide in a unique index, so
            # they get their own key (a partial index works on PostgreSQL and SQLite alike).
            models.UniqueConstraint(
                fields=["recipient", "kind", "for_date", "channel"],
                condition=models.Q(assignment__isnull=True),
                name="one_unattached_notification_per_key",
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


class LedgerExport(models.Model):
    """One requested Excel ledger, built by a Celery worker and downloaded by whoever asked."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.CASCADE,
        related_name="ledger_exports",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="ledger_exports",
        null=True,
        blank=True,
    )
    query = models.CharField("筛选条件", max_length=500, blank=True)
    as_of = models.DateField("统计日期")
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    done_rows = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "台账导出"
        verbose_name_plural = "台账导出"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One export in the works per user: a burst of requests gets the running one back.
            models.UniqueConstraint(
                fields=["requested_by"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_unfinished_export_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"台账导出 {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done_rows * 100 // self.total_rows) if self.total_rows else 0


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


class DocumentCounter(models.Model):
    """The last number given to one series of documents in one year (督〔2026〕N号).

    Issuing locks the row (select_for_update), so two supervisors never draw the same number;
    the documents' own unique constraints are the guard behind it.
    """

    series = models.CharField("文号系列", max_length=16)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用编号", default=0)

    class Meta:
        verbose_name = "文号计数"
        verbose_name_plural = "文号计数"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class SupervisionForm(models.Model):
    """An issued 督办单: the number, the level and the exact .docx handed to the unit."""

    class Level(models.TextChoices):
        NORMAL = "normal", "一般督办"
        KEY = "key", "重点督办"
        RED = "red", "红色督办"

    assignment = models.ForeignKey(
        Assignment,
        verbose_name="任务分派",
        on_delete=models.PROTECT,
        related_name="supervision_forms",
    )
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("编号", max_length=32, unique=True)
    level = models.CharField("督办等级", max_length=8, choices=Level, default=Level.NORMAL)
    requirements = models.TextField("办理要求")
    feedback = models.TextField("反馈要求")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("签发时间")
    # What the issued .docx says, for the print view (the task may change after issue).
    content = models.JSONField("督办单内容", default=dict)
    file = models.FileField("文件", upload_to="documents/forms/%Y/")

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="one_form_number_per_year")
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("tracker:supervision-form-print", args=[self.pk])


class Bulletin(models.Model):
    """A 督查通报 for a period: drafted by the worker, previewed, then issued with a number."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "起草中"
        DRAFT = "draft", "草稿"
        FAILED = "failed", "起草失败"
        ISSUED = "issued", "已印发"

    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    period_label = models.CharField("期间", max_length=60)
    speech = models.ForeignKey(
        "speeches.Speech",
        verbose_name="限定文件",
        on_delete=models.PROTECT,
        related_name="bulletins",
        null=True,
        blank=True,
    )
    unit_kind = models.CharField("限定单位类别", max_length=16, choices=Unit.Kind, blank=True)
    named_after_days = models.PositiveSmallIntegerField("通报逾期天数阈值", default=7)
    # The beat's weekly draft has no requester; a period drafts once by the schedule.
    scheduled = models.BooleanField("定时起草", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("申请时间")
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.QUEUED)
    total_steps = models.PositiveIntegerField("总步数", default=0)
    done_steps = models.PositiveIntegerField("已完成步数", default=0)
    content = models.JSONField("通报内容", default=dict, blank=True)
    closing = models.TextField("结尾段落", blank=True)
    error = models.TextField("错误", blank=True)
    drafted_at = models.DateTimeField("起草完成时间", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    serial = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=32, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    file = models.FileField("文件", upload_to="documents/bulletins/%Y/", blank=True)

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"],
                condition=models.Q(serial__isnull=False),
                name="one_bulletin_number_per_year",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=models.Q(scheduled=True),
                name="one_scheduled_bulletin_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="bulletin_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"督查通报（{self.period_label}）"

    def get_absolute_url(self) -> str:
        return reverse("tracker:bulletin-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DRAFT, self.Status.ISSUED):
            return 100
        return min(99, self.done_steps * 100 // self.total_steps) if self.total_steps else 0


class Instruction(models.Model):
    """A leader's 批示 on a task (every unit of it) or on one assignment (that unit)."""

    task = models.ForeignKey(
        Task, verbose_name="任务", on_delete=models.CASCADE, related_name="instructions"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="任务分派",
        on_delete=models.CASCADE,
        related_name="instructions",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批示领导",
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    text = models.TextField("批示内容")
    due_on = models.DateField("要求时限", null=True, blank=True)
    written_at = models.DateTimeField("批示时间", db_index=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ScoreWeights(models.Model):
    """One version of the 考核 weights; every change is a new row, the latest applies."""

    on_time = models.DecimalField("按时办结（满分）", max_digits=5, decimal_places=1, default=60)
    reports = models.DecimalField("按时报送（满分）", max_digits=5, decimal_places=1, default=40)
    per_overdue_day = models.DecimalField(
        "逾期每天扣分", max_digits=4, decimal_places=2, default=0.5
    )
    overdue_cap = models.DecimalField("逾期扣分上限", max_digits=5, decimal_places=1, default=20)
    per_urge = models.DecimalField("每次催办扣分", max_digits=4, decimal_places=2, default=2)
    urge_cap = models.DecimalField("催办扣分上限", max_digits=5, decimal_places=1, default=10)
    per_return = models.DecimalField("每次退回扣分", max_digits=4, decimal_places=2, default=3)
    return_cap = models.DecimalField("退回扣分上限", max_digits=5, decimal_places=1, default=10)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField("修改时间")
    note = models.CharField("修改说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "考核权重"
        verbose_name_plural = "考核权重（历次修改）"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"考核权重 {self.changed_at:%Y-%m-%d %H:%M}"
