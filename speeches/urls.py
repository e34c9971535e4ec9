from django.urls import path

from speeches.views import imports as views

app_name = "speeches"

urlpatterns = [
    path("", views.speech_list, name="speech-list"),
    path("import/", views.speech_import, name="speech-import"),
    path("<int:pk>/", views.speech_detail, name="speech-detail"),
    path("<int:pk>/state/", views.speech_state, name="speech-state"),
    path("<int:pk>/edit/", views.speech_edit, name="speech-edit"),
    path("<int:pk>/source/", views.speech_source, name="speech-source"),
    path("<int:pk>/extract/", views.speech_extract, name="speech-extract"),
]
