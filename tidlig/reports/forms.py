"""The period and unit of the aggregate views and exports, and the leader's target for one KPI."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.lib.dates import today
from tidlig.lib.text import validate_plain_text
from tidlig.reports.models import Kpi, Target

# Statistics are shown for whole calendar years only, so no two periods overlap and no small count can be
# had by subtracting one period from another (docs/decisions/0013, the addendum on differencing).
FIRST_YEAR = 2000
WHOLE_YEARS_ONLY = _(
    "Tallene vises kun for hele kalenderår, så ingen kan regne et lille tal ud ved at trække to perioder "
    "fra hinanden. Vælg et år."
)
UNKNOWN_YEAR = _("Vælg et år fra listen.")
UNFINISHED_YEAR = _(
    "Vælg et afsluttet år fra listen. Du ser kun hele år, der er slut, så tallene ikke kan sammenlignes "
    "fra dag til dag."
)


def _whole_year(start: str, end: str) -> int | None:
    """The year of a legacy start/end pair that spans exactly one calendar year; else None."""
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except (TypeError, ValueError):
        return None
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return first.year
    return None


class YearForm(forms.Form):
    """One whole calendar year. Always bound: what the user left out is the default year. Free dates
    (start/end, as older links carry) are taken only when they span exactly one calendar year."""

    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, error_messages={"invalid_choice": UNKNOWN_YEAR, "required": UNKNOWN_YEAR}
    )

    def __init__(self, data, *, finished_only: bool = False):
        last = today().year - (1 if finished_only else 0)
        merged = {"year": str(last)}
        self.free_dates = bool(data.get("start") or data.get("end"))
        if data.get("year"):
            merged["year"] = data["year"]
        elif self.free_dates:
            year = _whole_year(data.get("start", ""), data.get("end", ""))
            merged["year"] = str(year) if year is not None else ""
        self._extra(data, merged)
        super().__init__(merged)
        self.fields["year"].choices = [(y, str(y)) for y in range(last, FIRST_YEAR - 1, -1)]
        if finished_only:
            self.fields["year"].error_messages["invalid_choice"] = UNFINISHED_YEAR
        if self.free_dates and not merged["year"]:
            self.fields["year"].error_messages["required"] = WHOLE_YEARS_ONLY

    def _extra(self, data, merged) -> None:
        """Other fields' values, for a subclass."""

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is not None:
            data["start"], data["end"] = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return data


class PeriodForm(YearForm):
    unit = forms.ModelChoiceField(label=_("Enhed"), queryset=None, empty_label=None)

    def __init__(self, data, *, units, finished_only: bool = False):
        """What the user left out is the default year and the first unit."""
        self._units = units
        super().__init__(data, finished_only=finished_only)
        self.fields["unit"].queryset = units

    def _extra(self, data, merged) -> None:
        first = self._units.first()
        merged["unit"] = data.get("unit") or (str(first.pk) if first else "")


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
