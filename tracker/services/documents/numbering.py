"""Document numbers (督〔2026〕15号): one sequence per series and year, never a number twice."""

from django.db import transaction

from tracker.models import DocumentCounter

FORM_SERIES = "form"
BULLETIN_SERIES = "bulletin"


def format_number(prefix: str, year: int, serial: int) -> str:
    """督〔2026〕15号."""
    return f"{prefix}〔{year}〕{serial}号"


def draft_number(prefix: str, year: int) -> str:
    """The number line of a draft: the serial is left blank until it is issued."""
    return f"{prefix}〔{year}〕　号"


def allocate(*, series: str, year: int) -> int:
    """The next serial of ``series`` in ``year``, inside the caller's transaction.

    The counter row is locked until the caller commits, so a concurrent issuer waits and then
    draws the following number; if the caller rolls back, the number is not used up.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside the transaction that stores the document")
    # ON CONFLICT DO NOTHING: the first issuer of the year creates the row, a racing one waits
    # on the unique index and then finds it.
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
