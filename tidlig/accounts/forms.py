"""The login form. Its error never says whether the username exists or the account is locked."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.accounts import services
from tidlig.audit.queries import failed_logins_from
from tidlig.lib.net import client_ip

INVALID_LOGIN = _(
    "Brugernavn eller adgangskode er forkert. Efter 5 forkerte forsøg i træk spærres kontoen i 15 minutter."
)

ADDRESS_THROTTLED = _(
    "Der har været for mange forkerte forsøg på at logge ind fra din adresse. Vent et kvarter, og prøv igen."
)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
        "address_throttled": ADDRESS_THROTTLED,
    }

    def clean(self):
        """Before any password is checked: an address with too many recent failures (any usernames, so
        password spraying across accounts) must wait. The refused attempt is logged and counts too."""
        ip = client_ip(self.request) if self.request is not None else None
        if ip is not None:
            since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
            if failed_logins_from(ip, since=since) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
                services.register_throttled_address()
                raise ValidationError(self.error_messages["address_throttled"], code="address_throttled")
        return super().clean()
