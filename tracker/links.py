"""URLs reversed once per process: reverse() costs 50–100 µs, and the busiest pages link the
same pages on every load (the top bar, a unit's rows)."""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=4096)  # the argument-less pages, and a few per unit of a county
def _reversed(resolver, prefix: str, name: str, args: tuple) -> str:
    # The resolver (a new one after clear_url_caches) and the prefix decide what reverse() gives.
    return reverse(name, args=args)


def reverse_once(name: str, *args: int) -> str:
    """``reverse(name, args=args)``, kept per process, script prefix and urlconf."""
    return _reversed(get_resolver(get_urlconf()), get_script_prefix(), name, args)


_ID = 2147483647  # an id no row has: the pattern is reversed with it, then ids are put in


class UrlPattern:
    """The URL ``name`` takes with ``args`` then one id: each row's link a string join."""

    def __init__(self, name: str, *args: int):
        self.head, self.tail = reverse_once(name, *args, _ID).split(str(_ID))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"
