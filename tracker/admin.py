from django.contrib import admin

from tracker.models import Notification, ReminderScan


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every reminder sent or pending, with the failure reason of an email that did not leave."""

    list_display = ("subject", "recipient", "kind", "channel", "for_date", "sent_at", "attempts")
    list_filter = ("kind", "channel", ("sent_at", admin.EmptyFieldListFilter), "for_date")
    search_fields = ("subject", "recipient__username", "recipient__display_name")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient", "assignment")
    date_hierarchy = "for_date"


@admin.register(ReminderScan)
class ReminderScanAdmin(admin.ModelAdmin):
    list_display = ("scan_date", "finished_at", "created")
