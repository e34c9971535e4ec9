"""iCal feeds: the token URL calendar apps poll, and the page where users find and reset it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from tracker.models import CalendarFeed
from tracker.services import calendar_feeds

FEED_RESET = "订阅地址已更换，旧地址已失效；请在手机日历中重新订阅"
FEED_CREATED = "订阅地址已生成，请复制到手机或电脑日历中订阅"
UNKNOWN_FEED = "请选择要更换的订阅"


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    # The token is the credential: an unknown or replaced token is simply not found.
    feed = (
        CalendarFeed.objects.select_related("user", "unit").filter(token=token).first()
        if len(token) <= 64
        else None
    )
    if feed is None or not calendar_feeds.feed_is_live(feed):
        raise Http404("订阅地址无效或已更换")
    body = calendar_feeds.render_calendar(
        feed=feed, today=timezone.localdate(), base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="luoshi.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _feeds(request: HttpRequest) -> list[dict]:
    # Only reads: a feed that does not exist yet is offered with a button that creates it.
    user = request.user
    feeds = [
        {
            "which": "user",
            "label": "我的日历",
            "help": "本人可见的待办任务"
            if not user.is_unit_member
            else f"本单位（{user.unit.display_name}）的待办任务",
            "feed": calendar_feeds.existing_feed_for_user(user),
        }
    ]
    if user.is_unit_member and policy.can(user, Action.MANAGE_UNIT_CALENDAR, user.unit):
        feeds.append(
            {
                "which": "unit",
                "label": f"{user.unit.display_name}单位日历",
                "help": "供单位公用手机或值班电脑订阅",
                "feed": calendar_feeds.existing_feed_for_unit(user.unit),
            }
        )
    for item in feeds:
        if item["feed"] is None:
            continue
        item["live"] = calendar_feeds.feed_is_live(item["feed"])
        path = reverse("tracker:calendar-feed", args=[item["feed"].token])
        item["url"] = request.build_absolute_uri(path)
        item["webcal"] = "webcal://" + item["url"].split("://", 1)[1]
    return feeds


@require_GET
@vary_on_headers("HX-Request")
def calendar_settings(request: HttpRequest) -> HttpResponse:
    template = "tracker/calendar_settings.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#calendar-feeds"
    return render(request, template, {"feeds": _feeds(request)})


@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    which = request.POST.get("which", "")
    user = request.user
    now = timezone.now()
    if which == "user":
        existing = calendar_feeds.existing_feed_for_user(user)
        feed = existing or calendar_feeds.feed_for_user(user=user, now=now)
    elif which == "unit" and user.is_unit_member:
        existing = calendar_feeds.existing_feed_for_unit(user.unit)
        feed = existing or calendar_feeds.feed_for_unit(unit=user.unit, actor=user, now=now)
    else:
        return HttpResponse(UNKNOWN_FEED, status=400)
    if existing is not None:
        calendar_feeds.reset_feed(feed=feed, actor=user, now=now)
    message = FEED_RESET if existing is not None else FEED_CREATED
    if not request.htmx:
        messages.success(request, message)
        return redirect("tracker:calendar-settings")
    context = {"feeds": _feeds(request), "reset_message": message}
    return render(request, "tracker/calendar_settings.html#calendar-feeds", context)
