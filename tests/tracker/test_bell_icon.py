"""The bell renders without an emoji font and its badge stands out on the red header."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "luoshi.css"


@pytest.mark.django_db
def test_bell_is_a_vendored_svg_icon_not_an_emoji(client, town_a_staff):
    client.force_login(town_a_staff)
    html = client.get(reverse("tracker:notification-bell"), HTTP_HX_REQUEST="true").text
    assert "🔔" not in html
    assert re.search(r"[\U0001F300-\U0001FAFF]", html) is None
    assert '<svg class="icon"' in html and 'stroke="currentColor"' in html
    assert "Lucide" not in html  # the licence note stays a template comment


def test_bell_badge_contrasts_with_the_red_header():
    css = CSS.read_text()
    rule = re.search(r"\.topbar \.bell-count, \.bell-count \{([^}]*)\}", css)
    assert rule is not None
    assert "background: #fff" in rule.group(1) and "color: var(--brand-dark)" in rule.group(1)
