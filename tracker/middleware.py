from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django_htmx.http import HttpResponseClientRedirect

from lib.params import is_clean_text

INVALID_PARAMETERS = "请求参数含有无效字符"


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Default-deny login; an htmx request with an expired session redirects the whole page.

    A plain 302 would be followed by htmx and the login page swapped into a panel.
    """

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            path = request.htmx.current_url_abs_path or request.get_full_path()
            response = redirect_to_login(path, self.get_login_url(view_func), "next")
            return HttpResponseClientRedirect(response["Location"])
        return super().handle_no_permission(request, view_func)


class AdminParametersMiddleware:
    """The admin's list filters pass query values straight to the database, where a NUL byte
    is a server error: such a request gets the 400 page instead. (Our own pages validate their
    filters into Chinese form errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and not all(
            is_clean_text(text) for key, values in request.GET.lists() for text in (key, *values)
        ):
            raise BadRequest(INVALID_PARAMETERS)
        return self.get_response(request)
