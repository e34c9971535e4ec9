from django.contrib import admin
from django.utils import timezone

from directory.models import User
from tracker.models import (
    Bulletin,
    Instruction,
    Notification,
    ReminderScan,
    ScoreWeights,
    SupervisionForm,
)

# The delivery guarantee, said where supervisors look when a unit reports two emails.
NOTIFICATION_GUARANTEE = (
    "通知（站内提醒每人每天每类只生成一条；邮件只发一次，"
    "但发送后、记录前工作进程崩溃时，至多重发一封，Message-ID 相同）"
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every reminder sent or pending, with the failure reason of an email that did not leave."""

    list_display = ("subject", "recipient", "kind", "channel", "for_date", "sent_at", "attempts")
    list_filter = ("kind", "channel", ("sent_at", admin.EmptyFieldListFilter), "for_date")
    search_fields = ("subject", "recipient__username", "recipient__display_name")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient", "assignment")
    date_hierarchy = "for_date"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "title": NOTIFICATION_GUARANTEE}
        )


@admin.register(ReminderScan)
class ReminderScanAdmin(admin.ModelAdmin):
    list_display = ("scan_date", "finished_at", "created")


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    """考核权重: every save is a new version (the latest applies); old versions stay as history."""

    list_display = ("changed_at", "changed_by", "on_time", "reports", "per_overdue_day", "note")
    exclude = ("changed_by", "changed_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.role == User.Role.ADMIN

    def has_add_permission(self, request):
        return request.user.role == User.Role.ADMIN

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = None  # never overwrite a version: the change is a new row
        obj.changed_by, obj.changed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change=False)


@admin.register(SupervisionForm)
class SupervisionFormAdmin(admin.ModelAdmin):
    list_display = ("number", "level", "assignment", "issued_by", "issued_at")
    list_filter = ("level", "year")
    search_fields = ("number", "assignment__task__title", "assignment__unit__name")
    raw_id_fields = ("assignment", "issued_by")

    def has_change_permission(self, request, obj=None):
        return False  # an issued form is a record: it is re-issued, never edited

    def has_add_permission(self, request):
        return False


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ("period_label", "number", "status", "requested_by", "created_at", "issued_at")
    list_filter = ("status", "scheduled")
    readonly_fields = ("content",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ("text", "author", "task", "assignment", "due_on", "written_at")
    raw_id_fields = ("task", "assignment", "author")

    def has_change_permission(self, request, obj=None):
        return False
