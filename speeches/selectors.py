from django.db.models import Count, Q, QuerySet

from speeches.models import Directive, Speech


def speeches_with_counts() -> QuerySet:
    """Speeches, newest first, with their candidate counts per review state."""
    return Speech.objects.select_related("imported_by", "area").annotate(
        candidate_count=Count("directives"),
        pending_count=Count("directives", filter=Q(directives__status=Directive.Status.PENDING)),
        accepted_count=Count("directives", filter=Q(directives__status=Directive.Status.ACCEPTED)),
    )
