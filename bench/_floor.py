"""The floor every page is measured against: the cheapest signed-in view.

It runs the whole middleware stack (session, authentication, login required, CSRF, CSP, htmx)
and loads the user, then answers a few bytes without a template or a query of its own. A page
that costs 3× the floor costs three of these. Routed by ``_support.use_floor_urls()`` in
process and by ``_floor_settings`` under gunicorn; never part of the product's URLs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("config.urls")),
]
