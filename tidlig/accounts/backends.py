"""Password login with lockout after repeated failures; demo users only while DEMO mode is on.

Every refusal hashes the typed password exactly once, as a success does: an unknown user against a dummy,
a locked, deactivated or demo account against its own hash. So no refusal is faster than another."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from tidlig.accounts import services
from tidlig.accounts.models import User


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            services.hash_in_vain(password)
            services.register_failed_login(None)
            return None
        if services.is_locked(user):
            user.check_password(password)
            services.register_locked_attempt(user)
            return None
        # why: the password is checked before whether the account may log in, so a deactivated or demo
        # account costs the same as an active one
        correct = user.check_password(password)
        if not correct or not self.user_can_authenticate(user):
            services.register_failed_login(user)
            return None
        services.register_successful_login(user)
        return user

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        # why: every page's header names the user's unit or institution, and the access log records it;
        # with them in the same query that is one round trip fewer per request
        try:
            user = User._default_manager.select_related("unit", "institution").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
