"""“我的任务”: the unit member's home page, their unit's work with the same inline updates."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from tracker.views.units_page import unit_page_context


@require_GET
@vary_on_headers("HX-Request")
def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_unit_member:
        return redirect("tracker:dashboard")
    context = unit_page_context(request, user.unit, today=timezone.localdate())
    template = "tracker/my_tasks.html"
    if request.htmx and not request.htmx.history_restore_request:
        template = "tracker/unit_page.html#unit-work"
    return render(request, template, context)
