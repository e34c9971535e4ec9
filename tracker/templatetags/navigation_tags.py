"""Links to pages: the top bar's, built once per set of links a user may follow, and
``{% page_url %}``, the URL of a page that takes no arguments, reversed once per process."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from tracker.context_processors import NAVIGATION
from tracker.links import reverse_once

register = template.Library()


@lru_cache(maxsize=64)
def _links(prefix: str, keys: tuple[str, ...]) -> SafeString:
    # ``prefix`` is in the key because reverse() writes it into every link.
    links = ((reverse(NAVIGATION[key][0]), NAVIGATION[key][1]) for key in keys)
    return format_html_join("\n      ", '<a href="{}">{}</a>', links)


@register.simple_tag(takes_context=True)
def top_nav(context) -> SafeString:
    """The links of NAVIGATION the signed-in user may follow: a dozen URLs reversed once per
    process and set of links, not on every page."""
    return _links(get_script_prefix(), context.get("nav_links", ()))


@register.simple_tag
def page_url(name: str) -> str:
    """``{% url name %}`` for a URL name without arguments, reversed once per process: a page
    such as the dashboard links a dozen of them on every load."""
    return reverse_once(name)
