"""The work: tasks, each unit's share (assignments), their history, progress reports with evidence
and extension requests."""

from django.conf import settings
from django.db import models
from django.urls import reverse

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
