"""Min praksis: a worker's own FIT results beside the unit's (bevidst praksis, Aabenraa Kommune 2025, section
4.1 and 4.3).

A leader also sees the unit's workers spread out under anonymous letters. No person is named."""

from django.shortcuts import render

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.reports import practice
from tidlig.reports.forms import YearForm


@role_required(User.Role.WORKER, User.Role.LEADER)
def practice_view(request):
    form = YearForm(request.GET)
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
    return render(request, "reports/practice.html", context, status=200 if form.is_valid() else 400)
