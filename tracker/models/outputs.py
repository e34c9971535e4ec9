"""What the work is written out as: Excel ledger exports."""

from django.conf import settings
from django.db import models


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
