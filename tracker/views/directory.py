from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.models import Unit
from directory.policy import Action
from lib.params import is_clean_text
from tracker import selectors
from tracker.filters import BAD_TEXT


@require_GET
@vary_on_headers("HX-Request")
def unit_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_DIRECTORY)
    query = request.GET.get("q", "").strip()[:50]
    errors = []
    if not is_clean_text(query):
        errors.append(BAD_TEXT)
        query = ""
    kind = request.GET.get("kind", "")
    if kind not in Unit.Kind.values:
        kind = ""
    context = {
        "errors": errors,
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
        "may_manage": policy.can(request.user, Action.MANAGE_DIRECTORY),
    }
    return render(request, "tracker/unit_detail.html", context)
