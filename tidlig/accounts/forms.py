"""The login form. Its error never says whether the username exists or the account is locked."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

INVALID_LOGIN = _(
    "Brugernavn eller adgangskode er forkert. Efter 5 forkerte forsøg i træk spærres kontoen i 15 minutter."
)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }
