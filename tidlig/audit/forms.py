"""Search forms for the access log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.audit.models import AccessLog
from tidlig.lib.cpr import InvalidCpr, normalize_cpr
from tidlig.lib.widgets import DateInput
from tidlig.people.forms import CPR_INVALID


class LogSearchForm(forms.Form):
    username = forms.CharField(label=_("Brugernavn"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Handling"), required=False, choices=[("", _("Alle")), *AccessLog.Action.choices]
    )
    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    object_id = forms.CharField(label=_("Objekt-id"), required=False, max_length=64)


class AccessRequestForm(forms.Form):
    """CPR goes in a POST body, never in a URL or a log line (ASVS 14.2.1)."""

    cpr = forms.CharField(
        label=_("Barnets CPR-nummer"),
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_cpr(self) -> str:
        try:
            return normalize_cpr(self.cleaned_data["cpr"])
        except InvalidCpr:
            raise forms.ValidationError(CPR_INVALID, code="cpr") from None
