from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from directory import policy
from directory.policy import Action
from tracker.services import health


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to the page it starts its day on."""
    user = request.user
    if user.is_unit_member:
        return redirect("tracker:my-tasks")
    if policy.can(user, Action.VIEW_WORKLIST):
        return redirect("tracker:worklist")
    if policy.can(user, Action.VIEW_DASHBOARD):
        return redirect("tracker:dashboard")
    return redirect("tracker:unit-list")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """ok/degraded for anyone (monitors poll it anonymously); the details of the database and
    the broker, whose address says where the servers are, only for those who run the system."""
    database = health.database_status()
    broker = health.broker_status()
    body = {"status": "ok" if database["ok"] and broker["ok"] else "degraded"}
    if request.user.is_authenticated and policy.can(request.user, Action.MANAGE_DIRECTORY):
        body.update(database=database, broker=broker)
    return JsonResponse(
        body, status=200 if database["ok"] else 503, json_dumps_params={"ensure_ascii": False}
    )
