"""The page a locked-out login sees: django-axes calls `locked_out` (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT = (
    "登录失败次数过多，该账号已在本机暂时锁定，请{minutes}分钟后再试；"
    "如需立即解锁，请联系系统管理员。"
)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Answer 429 with the lock-out message; the login form is not shown again."""
    message = LOCKED_OUT.format(minutes=settings.AXES_COOLOFF_MINUTES)
    return render(request, "registration/lockout.html", {"message": message}, status=429)
