"""Production settings: `check --deploy` is clean and unsafe configurations refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LUOSHI_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = _manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "luoshi.example.gov.cn",
}


def test_deploy_check_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key, message",
    [
        pytest.param("", "DJANGO_SECRET_KEY must be set", id="missing"),
        pytest.param("short-key", "at least 50 random characters", id="short"),
        pytest.param("a" * 60, "at least 50 random characters", id="not-random"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key, message):
    result = _manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_turns_on_secure_cookies_hsts_and_ssl_redirect():
    assert _setting("SESSION_COOKIE_SECURE", **PRODUCTION) == "True"
    assert _setting("CSRF_COOKIE_SECURE", **PRODUCTION) == "True"
    assert _setting("SECURE_SSL_REDIRECT", **PRODUCTION) == "True"
    assert _setting("SECURE_HSTS_SECONDS", **PRODUCTION) == "31536000"


def test_ssl_redirect_can_be_left_to_a_proxy():
    assert _setting("SECURE_SSL_REDIRECT", **PRODUCTION, DJANGO_SECURE_SSL_REDIRECT="0") == "False"


def test_proxy_ssl_header_is_trusted_only_when_named():
    assert _setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"
    named = _setting(
        "SECURE_PROXY_SSL_HEADER", **PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    assert named == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_a_malformed_proxy_header_stops_start_up():
    result = _manage("check", **PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER="X-Proto: https")
    assert result.returncode != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301
