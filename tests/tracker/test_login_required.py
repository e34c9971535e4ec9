"""Default-deny: every URL but login and /healthz sends an anonymous visitor to log in."""

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC_PATHS = {"/login/", "/healthz"}
# iCal feeds: calendar apps cannot log in, the secret token in the URL is the credential.
PUBLIC_TOKEN_PATHS = {"/calendar/" + "0" * 32 + ".ics"}
SAMPLE_KWARGS = {"pk": "1", "token": "0" * 32, "object_id": "1", "app_label": "tracker"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete_path(route: str) -> str | None:
    """Turn a route into a request path, filling converters with sample values."""
    import re

    if route.startswith("^") or "(?P" in route:  # admin's regex routes: take the plain ones
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        if any(ch in route for ch in "()[]*+?\\"):
            return None
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: SAMPLE_KWARGS.get(m.group(2), "1"), route)
    return "/" + path


def all_paths():
    paths = {_concrete_path(route) for route, _ in _walk(get_resolver().url_patterns)}
    return sorted(p for p in paths if p)


def test_walk_finds_the_products_pages():
    paths = all_paths()
    assert "/units/" in paths
    assert "/admin/" in paths
    assert len(paths) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("path", all_paths())
def test_anonymous_request_is_sent_to_login(client, path):
    if path in PUBLIC_PATHS | PUBLIC_TOKEN_PATHS or path.startswith(("/admin/login", "/static/")):
        pytest.skip("public by design")
    response = client.get(path)
    assert response.status_code in (301, 302), path
    location = urlsplit(response["Location"]).path
    assert location in (reverse("login"), reverse("admin:login")), (path, location)


@pytest.mark.django_db
def test_expired_session_on_htmx_request_redirects_the_whole_page(client):
    response = client.get("/units/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_login_page_and_healthz_are_public(client):
    assert client.get("/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
