"""Read side of 督办单 and 督查通报, scoped to what a user may see."""

from django.db.models import QuerySet

from directory import policy
from directory.policy import Action
from tracker import selectors
from tracker.models import Bulletin, SupervisionForm


def forms_visible_to(user) -> QuerySet:
    """Issued 督办单 of the assignments the user may see."""
    visible = selectors.assignments_visible_to(user).values("pk")
    return SupervisionForm.objects.filter(assignment__in=visible).select_related(
        "assignment__task", "assignment__unit", "issued_by"
    )


def bulletins_visible_to(user) -> QuerySet:
    """Every bulletin for supervisors and leaders; issued ones only for the units."""
    bulletins = Bulletin.objects.select_related("requested_by", "issued_by", "speech")
    if not user.is_authenticated or not user.is_active:
        return bulletins.none()
    if policy.can(user, Action.VIEW_DOCUMENTS):
        return bulletins
    return bulletins.filter(status=Bulletin.Status.ISSUED)
