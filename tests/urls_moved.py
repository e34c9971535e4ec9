"""The project's URLs under /moved/: a test that a cached URL follows a new urlconf."""

from django.urls import include, path

urlpatterns = [path("moved/", include("config.urls"))]
