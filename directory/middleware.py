from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

MUST_CHANGE_PASSWORD = "您的密码由他人设置，请先修改为只有您知道的新密码"


class ForcePasswordChangeMiddleware:
    """An account whose password someone else chose (an import, a reset) goes to the password
    change page first; logging out and static files stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password-change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                messages.warning(request, MUST_CHANGE_PASSWORD)
                target = reverse("password-change")
                if getattr(request, "htmx", False):
                    response = redirect(target)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
        return self.get_response(request)
