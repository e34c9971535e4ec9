from django.urls import path

from speeches.views import imports as views
from speeches.views import review, review_page, uploads

app_name = "speeches"
# The accept, edit and bulk-accept actions of the review page are tracker's
# (tracker/intake_urls.py); config/urls.py adds them to this namespace.

urlpatterns = [
    path("", views.speech_list, name="speech-list"),
    path("import/", views.speech_import, name="speech-import"),
    path("uploads/<int:pk>/", uploads.upload_status, name="upload-status"),
    path("<int:pk>/", views.speech_detail, name="speech-detail"),
    path("<int:pk>/state/", views.speech_state, name="speech-state"),
    path("<int:pk>/edit/", views.speech_edit, name="speech-edit"),
    path("<int:pk>/source/", views.speech_source, name="speech-source"),
    path("<int:pk>/extract/", views.speech_extract, name="speech-extract"),
    path("<int:pk>/review/", review.speech_review, name="speech-review"),
    path("<int:pk>/review/candidates/", review_page.candidate_list, name="candidate-list"),
    path("<int:pk>/review/facts/", review_page.speech_facts, name="speech-facts"),
    path("<int:pk>/review/add/", review.candidate_add, name="candidate-add"),
    path("<int:speech_pk>/review/<int:pk>/", review.candidate_row, name="candidate-row"),
    path(
        "<int:speech_pk>/review/<int:pk>/reject/", review.candidate_reject, name="candidate-reject"
    ),
    path(
        "<int:speech_pk>/review/<int:pk>/restore/",
        review.candidate_restore,
        name="candidate-restore",
    ),
    path("<int:speech_pk>/review/<int:pk>/split/", review.candidate_split, name="candidate-split"),
    path("<int:speech_pk>/review/<int:pk>/merge/", review.candidate_merge, name="candidate-merge"),
    path("<int:speech_pk>/review/<int:pk>/units/", review.candidate_units, name="candidate-units"),
]
