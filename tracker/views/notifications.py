"""The notification bell, the list of one's own notifications, mark read / mark all read."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from directory import policy
from directory.policy import Action
from tracker import selectors, selectors_worklist
from tracker.services import notifications

PAGE_SIZE = 30
CHANGED_EVENT = "notifications-changed"


@require_GET
@never_cache
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count (and a supervisor's 待办 counts); the nav polls it."""
    count = selectors.unread_notification_count(request.user)
    context = {"unread_count": count, "todo": None}
    if policy.can(request.user, Action.VIEW_WORKLIST):
        counts = selectors_worklist.worklist_counts(today=timezone.localdate())
        labels = selectors_worklist.SECTION_LABELS
        context["todo"] = {
            "total": sum(counts.values()),
            "items": [(labels[key], n) for key, n in counts.items()],
        }
    return render(request, "tracker/notification_bell.html", context)


@require_GET
@vary_on_headers("HX-Request")
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list_response(request)


def _list_response(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "unread_total": selectors.unread_notification_count(request.user),
    }
    template = "tracker/notification_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#notification-panel"
    return render(request, template, context)


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    notifications.mark_read(user=request.user, notification_id=pk, now=timezone.now())
    if not request.htmx:
        return redirect("tracker:notification-list")
    notification.refresh_from_db(fields=["read_at"])
    response = render(
        request, "tracker/notification_list.html#notification-row", {"item": notification}
    )
    return trigger_client_event(response, CHANGED_EVENT)


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications.mark_all_read(user=request.user, now=timezone.now())
    if not request.htmx:
        return redirect("tracker:notification-list")
    response = _list_response(request)
    return trigger_client_event(response, CHANGED_EVENT)
