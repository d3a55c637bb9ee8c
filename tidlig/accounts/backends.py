"""Password login with lockout after repeated failures; demo users only while DEMO mode is on."""

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
            User().set_password(password)  # why: same work as a real check, so timing tells nothing
            services.register_failed_login(None)
            return None
        if services.is_locked(user):
            user.check_password(password)
            services.register_locked_attempt(user)
            return None
        if not self.user_can_authenticate(user) or not user.check_password(password):
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
