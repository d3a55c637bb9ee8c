"""Input validation for giving and withdrawing consent."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Institution, Unit
from tidlig.consent.models import Consent, Information
from tidlig.lib.dates import today
from tidlig.lib.forms import blank_first
from tidlig.lib.text import validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.people.models import Child, Guardian, Household

DEFAULT_VALIDITY_DAYS = 365


class GiveConsentForm(forms.Form):
    given_by = forms.ModelChoiceField(label=_("Givet af"), queryset=Guardian.objects.none())
    given_how = forms.ChoiceField(
        label=_("Hvordan blev samtykket givet?"), choices=blank_first(Consent.GivenHow.choices)
    )
    children = forms.ModelMultipleChoiceField(
        label=_("Gælder for"), queryset=Child.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    information = forms.MultipleChoiceField(
        label=_("Oplysninger der må deles"),
        choices=Information.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_institutions = forms.ModelMultipleChoiceField(
        label=_("Skoler og dagtilbud"),
        required=False,
        queryset=Institution.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_units = forms.ModelMultipleChoiceField(
        label=_("Kommunens enheder"),
        required=False,
        queryset=Unit.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Formål"),
        max_length=1000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx “at skolen og familiebehandleren kan samarbejde om Emmas trivsel”."),
    )
    valid_from = forms.DateField(label=_("Gælder fra"), widget=DateInput())
    valid_until = forms.DateField(label=_("Gælder til"), widget=DateInput())

    def __init__(self, *args, household: Household, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "valid_from": today(),
                "valid_until": today() + dt.timedelta(days=DEFAULT_VALIDITY_DAYS),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = household.guardians.all()
        self.fields["given_by"].label_from_instance = lambda g: g.full_name
        self.fields["children"].queryset = household.children.all()
        self.fields["children"].label_from_instance = lambda c: c.full_name


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=1000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
