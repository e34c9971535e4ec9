"""A short imperative task line from a directive's quote."""

import re

from .classify import opening
from .sentences import split_clauses

_MAX_CHARS = 40
_TRIM = "。；;，,：:！!？? \t"


def summarize(quote: str, *, modal_at: int | None = None) -> str:
    """The action of ``quote``: without enumerator, actor and modal, cut at a clause break."""
    start = opening(quote)
    # drop the actor before the modal, but keep a topic ("教育工委的组建务必…")
    if (
        modal_at is not None
        and start <= modal_at <= start + 24
        and "的" not in quote[start:modal_at]
    ):
        start = modal_at
    body = quote[start:].lstrip(_TRIM)
    body = re.sub(r"^(?:要|必须|务必|一定要|都要|均要|也要|还要)", "", body).strip(_TRIM)
    if len(body) <= _MAX_CHARS:
        return body or quote.strip(_TRIM)
    # cut after the last whole clause that fits, never inside brackets or quotes
    ends = [e for _, e in split_clauses(body, 0, len(body)) if e <= _MAX_CHARS + 1]
    cut = ends[-1] if ends else 0
    return body[:cut].rstrip(_TRIM) if cut >= 6 else body[:_MAX_CHARS]
