from django.conf import settings
from django.db import models
from django.urls import reverse

from lib import recurrence
from speeches.extraction.kinds import KIND_LABELS, DocumentKind
from speeches.extraction.model import SOURCE_KINDS, Provenance

KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in DocumentKind]
SOURCE_CHOICES = list(SOURCE_KINDS.items())
UNITS_FROM = "单位取自：{label} {text}"
DEADLINE_FROM = "时限取自：{label} {text}"


def source_lines(provenance: dict) -> list[str]:
    """ "单位取自：标题 （三）县公安局", "时限取自：实施阶段 第一阶段（3月1日—3月15日）" from the
    extract_tasks JSON shape of a directive's provenance (kept on Directive and Task alike)."""
    lines = []
    for key, line in (("units_source", UNITS_FROM), ("deadline_source", DEADLINE_FROM)):
        source = provenance.get(key)
        if source and source.get("kind") in SOURCE_KINDS:
            label = SOURCE_KINDS[source["kind"]]
            lines.append(line.format(label=label, text=source.get("text", "")).rstrip())
    return lines


class Recurrence(models.TextChoices):
    """lib.recurrence as model choices: one vocabulary for candidates and tasks."""

    WEEKLY = recurrence.WEEKLY, recurrence.LABELS[recurrence.WEEKLY]
    MONTHLY = recurrence.MONTHLY, recurrence.LABELS[recurrence.MONTHLY]
    QUARTERLY = recurrence.QUARTERLY, recurrence.LABELS[recurrence.QUARTERLY]
    HALF_YEARLY = recurrence.HALF_YEARLY, recurrence.LABELS[recurrence.HALF_YEARLY]
    YEARLY = recurrence.YEARLY, recurrence.LABELS[recurrence.YEARLY]
    BIENNIAL = recurrence.BIENNIAL, recurrence.LABELS[recurrence.BIENNIAL]


class Speech(models.Model):
    """One leader's speech, cleaned; the original upload is kept untouched beside it."""

    class State(models.TextChoices):
        IMPORTED = "imported", "已导入"
        EXTRACTING = "extracting", "提取中"
        READY = "ready", "待审核"
        FAILED = "failed", "提取失败"

    title = models.CharField("标题", max_length=200)
    kind = models.CharField(
        "文种",
        max_length=24,
        choices=KIND_CHOICES,
        default=DocumentKind.SPEECH.value,
        help_text="导入时按标题识别，可修改；重新提取任务时按文种的规则提取",
    )
    speaker = models.CharField("讲话人", max_length=100, blank=True)
    delivered_on = models.DateField("讲话日期", null=True, blank=True)
    text = models.TextField("正文（清理后）")
    content_hash = models.CharField("正文指纹", max_length=64, unique=True)
    source_file = models.FileField("原始文件", upload_to="speeches/%Y/%m/", blank=True)
    source_name = models.CharField("原始文件名", max_length=255, blank=True)
    source_encoding = models.CharField("编码/格式", max_length=32, blank=True)
    position = models.PositiveIntegerField("合集中的篇次", default=1)
    area = models.ForeignKey(
        "directory.Unit",
        verbose_name="所属地区",
        on_delete=models.PROTECT,
        related_name="speeches",
        null=True,
        blank=True,
        help_text="“各乡镇”等泛称在该地区的下级单位中展开",
    )
    state = models.CharField("状态", max_length=16, choices=State, default=State.IMPORTED)
    extraction_error = models.TextField("提取错误", blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.PROTECT,
        related_name="imported_speeches",
        null=True,
        blank=True,
    )
    imported_at = models.DateTimeField("导入时间")
    extracted_at = models.DateTimeField("提取完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "讲话稿"
        verbose_name_plural = "讲话稿"
        ordering = ["-imported_at", "position"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("speeches:speech-detail", args=[self.pk])

    @property
    def needs_date(self) -> bool:
        """Relative deadlines resolve against the delivery date; without it nothing is extracted."""
        return self.delivered_on is None

    @property
    def is_waiting_for_extraction(self) -> bool:
        """Queued or running: the candidates are still to come."""
        return self.state == self.State.EXTRACTING or (
            self.state == self.State.IMPORTED and not self.needs_date
        )


class Directive(models.Model):
    """A directive the extractor proposed (or a reviewer added), waiting for review."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "已驳回"
        MERGED = "merged", "已合并"

    Recurrence = Recurrence

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="directives")
    ordinal = models.PositiveIntegerField("序号")
    quote = models.TextField("原文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    section_path = models.JSONField("所在章节", default=list, blank=True)
    task = models.TextField("任务")
    unit_mentions = models.JSONField("原文中的责任单位", default=list, blank=True)
    units = models.ManyToManyField(
        "directory.Unit", verbose_name="匹配的单位", related_name="directives", blank=True
    )
    unmatched_units = models.JSONField("未匹配的单位", default=list, blank=True)
    deadline_text = models.CharField("时限原文", max_length=100, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    recurrence = models.CharField("周期", max_length=16, choices=Recurrence, blank=True, default="")
    target = models.CharField("量化目标", max_length=100, blank=True)
    # Where the units and the deadline were read (the sentence, a heading, a table column, a plan
    # phase, the addressee line): the reviewer sees why a value was proposed.
    units_source_kind = models.CharField(
        "单位来源", max_length=16, choices=SOURCE_CHOICES, blank=True, default=""
    )
    units_source_text = models.CharField("单位来源原文", max_length=200, blank=True)
    deadline_source_kind = models.CharField(
        "时限来源", max_length=16, choices=SOURCE_CHOICES, blank=True, default=""
    )
    deadline_source_text = models.CharField("时限来源原文", max_length=200, blank=True)
    confidence = models.FloatField("置信度", default=0.0)
    status = models.CharField("审核状态", max_length=16, choices=Status, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        related_name="reviewed_directives",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    # Set when a reviewer edits, adds, splits or merges a pending candidate: re-extraction keeps
    # it (and every reviewed one) and only adds candidates where none lies.
    touched_at = models.DateTimeField("人工修改时间", null=True, blank=True)
    # Unit mentions the directory does not know that the reviewer chose to drop, knowingly.
    dropped_units = models.JSONField("确认舍弃的单位", default=list, blank=True)

    class Meta:
        verbose_name = "任务候选"
        verbose_name_plural = "任务候选"
        ordering = ["speech", "start", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["speech", "ordinal"], name="one_ordinal_per_speech"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="directive_span_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="directive_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.task[:40]

    @property
    def units_source(self) -> Provenance | None:
        if not self.units_source_kind:
            return None
        return Provenance(self.units_source_kind, self.units_source_text)

    @property
    def deadline_source(self) -> Provenance | None:
        if not self.deadline_source_kind:
            return None
        return Provenance(self.deadline_source_kind, self.deadline_source_text)

    def source_lines(self) -> list[str]:
        return source_lines(self.provenance())

    def provenance(self) -> dict:
        """The extract_tasks JSON shape of where units and deadline came from (kept on a Task)."""
        return {
            "units_source": self.units_source.as_json_dict() if self.units_source else None,
            "deadline_source": (
                self.deadline_source.as_json_dict() if self.deadline_source else None
            ),
            "section": " / ".join(self.section_path),
        }


class SpeechUpload(models.Model):
    """An uploaded .docx or .pdf waiting for the worker to read it: the request stores the file
    and returns; parsing (which can inflate a hostile file) never runs in a web process."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        PARSING = "parsing", "识别中"
        DONE = "done", "已导入"
        FAILED = "failed", "未能导入"

    file = models.FileField("上传文件", upload_to="uploads/%Y/%m/", blank=True)
    filename = models.CharField("原始文件名", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="speech_uploads",
    )
    delivered_on = models.DateField("讲话日期", null=True, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    area = models.ForeignKey(
        "directory.Unit", verbose_name="所属地区", on_delete=models.SET_NULL, null=True, blank=True
    )
    state = models.CharField("状态", max_length=16, choices=State, default=State.QUEUED)
    error = models.TextField("未能导入的原因", blank=True)
    created_speeches = models.JSONField("导入的讲话稿", default=list, blank=True)
    duplicate_speeches = models.JSONField("已导入过的讲话稿", default=list, blank=True)
    created_at = models.DateTimeField("上传时间")
    started_at = models.DateTimeField("开始识别", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "讲话稿上传"
        verbose_name_plural = "讲话稿上传"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
