"""The results page's period and unit, and the leader's target for one KPI."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.lib.dates import today
from tidlig.lib.text import validate_plain_text
from tidlig.people.forms import DateInput
from tidlig.reports.models import Kpi, Target

PERIOD_BACKWARDS = _("“Fra” skal ligge før eller på samme dag som “til”.")
PERIOD_TOO_LONG = _("Vælg en periode på højst 10 år.")


def current_year() -> tuple[dt.date, dt.date]:
    year = today().year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Fra"), widget=DateInput())
    end = forms.DateField(label=_("Til"), widget=DateInput())
    unit = forms.ModelChoiceField(label=_("Enhed"), queryset=None, empty_label=None)

    def __init__(self, data, *, units):
        """Always bound: what the user left out is the current calendar year and the first unit."""
        start, end = current_year()
        first = units.first()
        merged = {"start": start.isoformat(), "end": end.isoformat(), "unit": str(first.pk) if first else ""}
        merged.update({key: data[key] for key in merged if data.get(key)})
        super().__init__(merged)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(PERIOD_BACKWARDS)
            if (end - start).days > 3653:
                raise forms.ValidationError(PERIOD_TOO_LONG)
        return data


class TargetForm(forms.Form):
    kpi = forms.ChoiceField(choices=Kpi.choices, widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    value = forms.DecimalField(
        label=_("Mål"),
        required=False,
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=1,
        help_text=_("Tomt felt fjerner målet."),
    )
    direction = forms.ChoiceField(label=_("Retning"), choices=Target.Direction.choices)
    note = forms.CharField(
        label=_("Bemærkning"), required=False, max_length=300, validators=[validate_plain_text]
    )

    def clean(self):
        data = super().clean()
        value = data.get("value")
        if value is not None and data.get("kpi", "").startswith("share_") and value > 100:
            self.add_error("value", _("En andel kan højst være 100 %."))
        return data
