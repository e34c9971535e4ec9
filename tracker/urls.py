from django.urls import path

from tracker.views import directory

app_name = "tracker"

urlpatterns = [
    path("units/", directory.unit_list, name="unit-list"),
    path("units/<int:pk>/", directory.unit_detail, name="unit-detail"),
]
