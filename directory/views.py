"""Password pages: change one's own (Django's view and validators, in Chinese), and the reset
an admin or supervisor does for someone else."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory import accounts, policy
from directory.models import User
from directory.policy import Action

PASSWORD_CHANGED = "密码已修改，请记住新密码"


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(user=self.request.user)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label="新密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="留空则由系统生成一个随机密码（只显示一次）",
    )


@never_cache  # the page shows a generated password once
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_DIRECTORY)
    account = get_object_or_404(User, pk=pk)
    if not policy.may_manage_account(request.user, account) or account.pk == request.user.pk:
        raise PermissionDenied(accounts.MAY_NOT_RESET)
    form = PasswordResetForm(request.POST or None)
    done, generated = False, ""
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["password"]
        try:
            new_password = accounts.reset_password(
                account=account, actor=request.user, now=timezone.now(), password=typed
            )
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            done, generated = True, "" if typed else new_password
    context = {"account": account, "form": form, "done": done, "generated": generated}
    return render(request, "directory/password_reset.html", context)
