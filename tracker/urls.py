from django.urls import path

from tracker.views import (
    assignments,
    dashboard,
    directory,
    directory_import,
    exports,
    my_tasks,
    notifications,
    tasks,
    units_page,
    worklist,
)
from tracker.views import calendar as calendar_views

app_name = "tracker"

urlpatterns = [
    path("units/", directory.unit_list, name="unit-list"),
    path("units/<int:pk>/", directory.unit_detail, name="unit-detail"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("worklist/", worklist.worklist, name="worklist"),
    path(
        "worklist/assignments/<int:pk>/transition/",
        worklist.worklist_transition,
        name="worklist-transition",
    ),
    path("worklist/assignments/<int:pk>/urge/", worklist.worklist_urge, name="worklist-urge"),
    path("worklist/extensions/<int:pk>/decide/", worklist.worklist_decide, name="worklist-decide"),
    path("worklist/units/<int:pk>/urge/", worklist.unit_urge, name="unit-urge"),
    path("my/", my_tasks.my_tasks, name="my-tasks"),
    path("units/<int:pk>/tasks/", units_page.unit_page, name="unit-page"),
    path(
        "units/<int:pk>/tasks/<int:assignment_pk>/",
        units_page.assignment_panel,
        name="unit-assignment-panel",
    ),
    path(
        "units/<int:pk>/tasks/<int:assignment_pk>/transition/",
        units_page.assignment_transition,
        name="unit-assignment-transition",
    ),
    path(
        "units/<int:pk>/tasks/<int:assignment_pk>/report/",
        units_page.assignment_report,
        name="unit-assignment-report",
    ),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment-detail"),
    path(
        "assignments/<int:pk>/transition/",
        assignments.assignment_transition,
        name="assignment-transition",
    ),
    path("assignments/<int:pk>/report/", assignments.report_progress, name="report-progress"),
    path(
        "assignments/<int:pk>/extension/",
        assignments.request_extension,
        name="request-extension",
    ),
    path(
        "assignments/<int:pk>/extension/decide/",
        assignments.decide_extension,
        name="decide-extension",
    ),
    path("assignments/<int:pk>/due-date/", assignments.change_due_date, name="change-due-date"),
    path("assignments/<int:pk>/reassign/", assignments.reassign, name="reassign"),
    path("assignments/<int:pk>/urge/", assignments.urge, name="assignment-urge"),
    path("evidence/<int:pk>/", assignments.evidence_download, name="evidence-download"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task-edit"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/bell/", notifications.notification_bell, name="notification-bell"),
    path("notifications/<int:pk>/read/", notifications.mark_read, name="notification-read"),
    path("notifications/read-all/", notifications.mark_all_read, name="notification-read-all"),
    path("ledger/export/", exports.ledger_export, name="ledger-export"),
    path("ledger/exports/<int:pk>/", exports.ledger_export_status, name="ledger-export-status"),
    path(
        "ledger/exports/<int:pk>/download/",
        exports.ledger_export_download,
        name="ledger-export-download",
    ),
    path("ledger/exports/<int:pk>/retry/", exports.ledger_export_retry, name="ledger-export-retry"),
    path("ledger/print/", exports.ledger_print, name="ledger-print"),
    path("units/<int:pk>/ledger/export/", exports.unit_ledger_export, name="unit-ledger-export"),
    path("units/<int:pk>/ledger/print/", exports.unit_ledger_print, name="unit-ledger-print"),
    path("calendar/", calendar_views.calendar_settings, name="calendar-settings"),
    path("calendar/reset/", calendar_views.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("directory/import/", directory_import.directory_import, name="directory-import"),
    path(
        "directory/import/template/<str:kind>.<str:fmt>",
        directory_import.directory_import_template,
        name="directory-import-template",
    ),
]
