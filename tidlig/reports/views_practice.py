"""Min praksis: a worker's own FIT results beside the unit's (bevidst praksis, seed 000 4.1 and 4.3).

A leader also sees the unit's workers spread out under anonymous letters. No person is named."""

import datetime as dt

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.lib.dates import today
from tidlig.people.forms import DateInput
from tidlig.reports import practice
from tidlig.reports.forms import PERIOD_BACKWARDS, PERIOD_TOO_LONG


def last_twelve_months() -> tuple[dt.date, dt.date]:
    end = today()
    try:
        start = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - 1, day=28)
    return start + dt.timedelta(days=1), end


class PracticePeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Fra"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Til"), widget=DateInput())

    def __init__(self, data):
        """Always bound: what the user left out is the last 12 months."""
        start, end = last_twelve_months()
        merged = {"start": start.isoformat(), "end": end.isoformat()}
        merged.update({key: data[key] for key in merged if data.get(key)})
        super().__init__(merged)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(PERIOD_BACKWARDS)
            if (end - start).days > 3653:
                raise forms.ValidationError(PERIOD_TOO_LONG)
        return data


@role_required(User.Role.WORKER, User.Role.LEADER)
def practice_view(request):
    form = PracticePeriodForm(request.GET)
    context = {"form": form, "unit": request.user.unit}
    if form.is_valid() and request.user.unit_id:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context.update(
            start=start,
            end=end,
            practice=practice.worker_practice(request.user, start=start, end=end),
        )
        if request.user.is_leader:
            context["distribution"] = practice.unit_distribution(request.user.unit, start=start, end=end)
    return render(request, "reports/practice.html", context)
