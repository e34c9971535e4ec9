"""Official documents of the supervision office: 督办单, 督查通报, 领导批示, the numbering and the
assessment weights."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from directory.models import Unit
from tracker.models.work import Assignment, Task


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
    # The form's one-time key (services.submissions): the same submission twice makes one.
    submission_key = models.CharField(
        "提交标识", max_length=32, unique=True, null=True, blank=True, editable=False
    )

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
    # The form's one-time key (services.submissions): the same submission twice makes one.
    submission_key = models.CharField(
        "提交标识", max_length=32, unique=True, null=True, blank=True, editable=False
    )

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
    # The form's one-time key (services.submissions): the same submission twice makes one.
    submission_key = models.CharField(
        "提交标识", max_length=32, unique=True, null=True, blank=True, editable=False
    )

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
