from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import speeches.urls
import tracker.intake_urls
from directory import views as directory_views
from tracker.views import site

admin.site.site_header = "落实 · 讲话任务督办系统"
admin.site.site_title = "落实管理后台"
admin.site.index_title = "管理后台"

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", directory_views.PasswordChange.as_view(), name="password-change"),
    path(
        "password/done/", directory_views.PasswordChangeDone.as_view(), name="password-change-done"
    ),
    path(
        "directory/users/<int:pk>/password/",
        directory_views.password_reset,
        name="password-reset",
    ),
    path("admin/", admin.site.urls),
    # The review page's accept actions are tracker's (they create work) under speeches' names.
    path(
        "speeches/",
        include(
            (speeches.urls.urlpatterns + tracker.intake_urls.urlpatterns, speeches.urls.app_name)
        ),
    ),
    path("", include("tracker.urls")),
]
