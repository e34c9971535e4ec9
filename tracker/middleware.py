from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django_htmx.http import HttpResponseClientRedirect


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
