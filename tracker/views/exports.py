"""Ledger exports: queue an Excel file, watch its progress, download it; the print view."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker.filters import AssignmentFilters
from tracker.models import LedgerExport
from tracker.services import ledger

EXPORT_ALREADY_RUNNING = "您已有一份台账正在生成，请等它完成后再导出新的台账"
TOO_MANY_TO_PRINT = "共 {total} 项任务，打印页只列前 {limit} 项；请缩小筛选范围，或导出 Excel 台账"


def _start(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    filters = AssignmentFilters.from_querydict(request.GET)
    now = timezone.now()
    export = ledger.request_export(
        user=request.user, unit=unit, filters=filters, now=now, today=timezone.localdate()
    )
    if export.created_at != now:
        messages.info(request, EXPORT_ALREADY_RUNNING)
    return redirect("tracker:ledger-export-status", export.pk)


@require_POST
def ledger_export(request: HttpRequest) -> HttpResponse:
    return _start(request, None)


@require_POST
def unit_ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DIRECTORY)
    return _start(request, get_object_or_404(Unit, pk=pk))


def _own_export(request: HttpRequest, pk: int) -> LedgerExport:
    # Another user's export is not visible at all: the file holds what *they* may see.
    return get_object_or_404(
        LedgerExport.objects.select_related("unit"), pk=pk, requested_by=request.user
    )


@require_GET
@vary_on_headers("HX-Request")
def ledger_export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    context = {
        "export": export,
        "filename": ledger.export_filename(export),
        "may_retry": ledger.may_retry(export, now=timezone.now()),
    }
    template = "tracker/ledger_export.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#export-status"
    return render(request, template, context)


@require_POST
def ledger_export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    export = ledger.retry_export(
        export=_own_export(request, pk), user=request.user, now=timezone.now()
    )
    return redirect("tracker:ledger-export-status", export.pk)


@require_GET
def ledger_export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    if export.status != LedgerExport.Status.DONE or not export.file:
        raise Http404("台账文件尚未生成")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=ledger.export_filename(export),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _print(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    policy.require(request.user, Action.EXPORT_LEDGER, unit)
    today = timezone.localdate()
    filters = AssignmentFilters.from_querydict(request.GET)
    assignments = ledger.ledger_assignments(
        user=request.user, filters=filters, today=today, unit=unit
    )
    printed = ledger.print_ledger(
        assignments=assignments,
        today=today,
        limit=ledger.PRINT_MAX_ROWS,
        max_units=ledger.PRINT_MAX_UNITS,
    )
    context = {
        "ledger": printed,
        "truncated": TOO_MANY_TO_PRINT.format(total=printed.total_tasks, limit=len(printed.tasks))
        if printed.truncated
        else "",
        "title": ledger.export_title(unit=unit, filters=filters, as_of=today),
        "unit": unit,
        "filters": filters,
        "headers": ledger.PRINT_HEADERS,
        "no_due": ledger.NO_DUE,
    }
    return render(request, "tracker/ledger_print.html", context)


@require_GET
def ledger_print(request: HttpRequest) -> HttpResponse:
    return _print(request, None)


@require_GET
def unit_ledger_print(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DIRECTORY)
    return _print(request, get_object_or_404(Unit, pk=pk))
