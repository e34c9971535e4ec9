"""URLs of the review actions that create work (tracker.views.intake).

They keep their paths under /speeches/<pk>/review/ and their names in the ``speeches``
namespace: config/urls.py adds them to speeches' URL patterns.
"""

from django.urls import path

from tracker.views import intake

urlpatterns = [
    path("<int:pk>/review/bulk-accept/", intake.bulk_accept, name="candidate-bulk-accept"),
    path(
        "<int:speech_pk>/review/<int:pk>/accept/", intake.candidate_accept, name="candidate-accept"
    ),
    path("<int:speech_pk>/review/<int:pk>/edit/", intake.candidate_edit, name="candidate-edit"),
]
