"""Read-only querysets, scoped to what a user may see."""

from django.db.models import Count, Q, QuerySet

from tracker.models import Unit


def unit_directory(*, query: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet:
    """Units matching a free-text query over names and aliases, with their child counts."""
    units = Unit.objects.select_related("parent").annotate(
        child_count=Count("children", distinct=True)
    )
    if not include_inactive:
        units = units.filter(is_active=True)
    if kind:
        units = units.filter(kind=kind)
    if query:
        units = units.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(aliases__name__icontains=query)
        ).distinct()
    return units.order_by("sort_order", "name")
