"""Aggregate, anonymous statistics for analysts and leaders."""

from django.shortcuts import render

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.reports import queries


@role_required(User.Role.ANALYST, User.Role.LEADER)
def overview(request):
    context = {
        "units": queries.families_per_unit(),
        "age_bands": queries.children_by_age_band(),
    }
    return render(request, "reports/overview.html", context)
