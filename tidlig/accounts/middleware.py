"""Session lifetime (30 minutes idle, 12 hours at most) and no caching of pages with personal data."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LOGIN_AT = "tidlig_login_at"
LAST_SEEN = "tidlig_last_seen"
# Writing the session on every request costs a query; a minute's slack in the idle clock does not matter.
_TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT)
            last_seen = request.session.get(LAST_SEEN)
            if login_at is None or last_seen is None:
                request.session[LOGIN_AT] = login_at or now
                request.session[LAST_SEEN] = now
            elif (
                now - last_seen > settings.SESSION_IDLE_SECONDS
                or now - login_at > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Du er blevet logget ud, fordi din session udløb. Log ind igen."))
                return redirect_to_login(request.get_full_path())
            elif now - last_seen > _TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages shown to a logged-in user may hold personal data: no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class PasswordChangeRequiredMiddleware:
    """A password an administrator set is known to two people: until its owner has chosen a new one, every
    page but the password change, logout and static files leads to the password change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            path = request.path
            allowed = {reverse("password_change"), reverse("logout")}
            if path not in allowed and not path.startswith((settings.STATIC_URL, "/i18n/")):
                url = reverse("password_change")
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        return self.get_response(request)
