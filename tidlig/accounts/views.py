"""Login and logout."""

import time

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tidlig.accounts import services
from tidlig.accounts.forms import LoginForm
from tidlig.accounts.middleware import LAST_SEEN, LOGIN_AT


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


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.register_logout(request.user)
    logout(request)
    return redirect("login")
