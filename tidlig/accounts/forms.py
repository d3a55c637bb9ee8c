"""The login form. Its error never says whether the username exists or the account is locked."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tidlig.accounts import services
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
        if services.address_is_throttled(ip):
            services.hash_in_vain(self.cleaned_data.get("password") or "")
            services.register_throttled_address()
            raise ValidationError(self.error_messages["address_throttled"], code="address_throttled")
        return super().clean()


class PasswordChangeForm(forms.Form):
    """The user's own new password; the current one is asked first, through the same door as the login."""

    current = forms.CharField(
        label=_("Din nuværende adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new = forms.CharField(
        label=_("Ny adgangskode"),
        strip=False,
        help_text=_("Mindst 12 tegn. Undgå ord, der står i en ordbog, og din egen adgangskode fra før."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    repeat = forms.CharField(
        label=_("Gentag den nye adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        new, repeat = data.get("new"), data.get("repeat")
        if new and repeat and new != repeat:
            self.add_error("repeat", _("De to nye adgangskoder er ikke ens."))
        elif new:
            if new == data.get("current"):
                self.add_error("new", _("Vælg en anden adgangskode end den nuværende."))
            else:
                try:
                    password_validation.validate_password(new, self.user)
                except ValidationError as error:
                    self.add_error("new", error)
        return data
