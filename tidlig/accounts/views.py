"""Login, logout and the user's own password change."""

import time

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidlig.accounts import services
from tidlig.accounts.forms import ADDRESS_THROTTLED, INVALID_LOGIN, LoginForm, PasswordChangeForm
from tidlig.accounts.middleware import LAST_SEEN, LOGIN_AT
from tidlig.lib.net import client_ip


class TidligLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # login() gives the session a new key (no fixation)
        now = time.time()
        self.request.session[LOGIN_AT] = now
        self.request.session[LAST_SEEN] = now
        return response


@login_not_required  # why: harmless without a session, and an expired session must still log out
@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.register_logout(request.user)
    logout(request)
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """The user's own password. The current one goes through the same door as the login: throttled per
    address and per user, and a lockout ends the session."""
    user = request.user
    form = PasswordChangeForm(request.POST if request.method == "POST" else None, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = services.password_door(
                user, form.cleaned_data["current"], ip=client_ip(request), door="password_change"
            )
            if outcome == services.OPEN:
                services.change_own_password(user, password=form.cleaned_data["new"])
                update_session_auth_hash(request, user)
                messages.success(request, _("Din nye adgangskode er gemt."))
                return redirect("home")
            if outcome in (services.LOCKED, services.THROTTLED):
                services.register_logout(user)
                logout(request)
                messages.error(
                    request, str(ADDRESS_THROTTLED if outcome == services.THROTTLED else INVALID_LOGIN)
                )
                return redirect("login")
            form.add_error("current", _("Adgangskoden er forkert. Intet er gemt."))
    context = {"form": form, "forced": user.must_change_password}
    return render(request, "accounts/password_change.html", context, status=status)
