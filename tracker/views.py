from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from tracker import policy, selectors
from tracker.models import Unit
from tracker.policy import Action
from tracker.services import health


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it starts its day on."""
    user = request.user
    if user.is_unit_member:
        return redirect(user.unit)
    return redirect("tracker:unit-list")


@require_GET
@vary_on_headers("HX-Request")
def unit_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DIRECTORY)
    query = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    if kind not in Unit.Kind.values:
        kind = ""
    context = {
        "units": selectors.unit_directory(query=query, kind=kind),
        "query": query,
        "kind": kind,
        "kinds": Unit.Kind.choices,
    }
    template = "tracker/unit_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#unit-table"
    return render(request, template, context)


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DIRECTORY)
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    context = {
        "unit": unit,
        "aliases": unit.aliases.all(),
        "children": unit.children.filter(is_active=True),
        "members": unit.members.filter(is_active=True).order_by("role", "username"),
    }
    return render(request, "tracker/unit_detail.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = health.database_status()
    broker = health.broker_status()
    body = {
        "status": "ok" if database["ok"] and broker["ok"] else "degraded",
        "database": database,
        "broker": broker,
    }
    return JsonResponse(
        body, status=200 if database["ok"] else 503, json_dumps_params={"ensure_ascii": False}
    )
