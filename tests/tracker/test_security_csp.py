"""Content-Security-Policy: every response carries it, and no template needs 'unsafe-inline'."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]

# What a policy without 'unsafe-inline' / 'unsafe-eval' would block, as found in markup.
INLINE_PATTERNS = {
    "inline <script> without src": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "on*= event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S),
    "style= attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S),
    "<style> block": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "hx-on (needs eval)": re.compile(r"\shx-on[:-]", re.I),
}


def inline_code_in(html: str) -> list[str]:
    """The kinds of inline code found in a page or template."""
    return [kind for kind, pattern in INLINE_PATTERNS.items() if pattern.search(html)]


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from sorted(folder.rglob("*.html"))


def test_the_scan_recognises_inline_code():
    assert inline_code_in("<script>alert(1)</script>") == ["inline <script> without src"]
    assert inline_code_in('<button type="button" onclick="go()">') == ["on*= event handler"]
    assert inline_code_in('<p class="x" style="color:red">') == ["style= attribute"]
    assert inline_code_in('<script src="/static/js/luoshi.js" defer></script>') == []
    assert inline_code_in('<input name="online" data-one="1">') == []


def test_templates_exist_to_scan():
    names = {path.name for path in _templates()}
    assert {"base.html", "login.html", "lockout.html"} <= names


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_style_or_handler(path):
    assert inline_code_in(path.read_text(encoding="utf-8")) == []


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, town_a_staff):
    for response in (client.get("/login/"), client.get("/healthz")):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy

    client.force_login(town_a_staff)
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert "Content-Security-Policy" in page.headers
    assert inline_code_in(page.text) == []


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    page = client.get("/login/")
    assert '"includeIndicatorStyles": false' in page.text
    assert inline_code_in(page.text) == []
