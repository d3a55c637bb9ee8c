"""Aggregate, anonymous statistics for analysts and leaders: the overview, the results and the targets."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.lib.dates import today
from tidlig.reports import charts, kpis, queries, services
from tidlig.reports.forms import PeriodForm, TargetForm
from tidlig.reports.models import Kpi

UNKNOWN_KPI = gettext_lazy(
    "Målet kunne ikke gemmes, fordi nøgletallet er ukendt. Indlæs siden igen og prøv på ny."
)


@role_required(User.Role.ANALYST, User.Role.LEADER)
def overview(request):
    context = {
        "units": queries.families_per_unit(),
        "age_bands": queries.children_by_age_band(),
    }
    return render(request, "reports/overview.html", context)


def period_form(request) -> PeriodForm:
    """The results page's and its exports' period and unit. A leader sees the current year so far: she may
    open every family of her unit anyway. An analyst, who may open none, sees finished years only, so the
    same year read on two days cannot be subtracted to find one day's families."""
    return PeriodForm(
        request.GET, units=queries.units_for(request.user), finished_only=request.user.is_analyst
    )


@role_required(User.Role.ANALYST, User.Role.LEADER)
def results(request):
    """The unit's KPIs for a period against its targets (docs/product.md). A leader sees their own unit,
    an analyst any. Only counts and shares, each suppressed below 5: no person is named. A period is one
    whole calendar year; an analyst's only a finished one (decision 0013, differencing)."""
    form = period_form(request)
    context = {"form": form, "rows": [], "can_edit_targets": request.user.is_leader}
    if form.is_valid():
        with kpis.sharing():  # the KPIs and the charts read the same rows once
            unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
            previous_start, previous_end = queries.previous_period(start, end)
            context.update(
                previous_start=previous_start,
                previous_end=previous_end,
                unit=unit,
                start=start,
                end=end,
                target_year=end.year,
                rows=queries.results(unit=unit, start=start, end=end),
                breakdowns=[
                    kpis.referrals_by_source(unit=unit, start=start, end=end),
                    kpis.referrals_by_door(unit=unit, start=start, end=end),
                ],
                courses_by_offer=kpis.courses_by_offer(unit=unit, start=start, end=end),
                courses_by_legal_basis=kpis.courses_by_legal_basis(unit=unit, start=start, end=end),
            )
            context.update(charts.results_charts(unit=unit, start=start, end=end))
    return render(request, "reports/results.html", context, status=200 if form.is_valid() else 400)


def _year(request) -> int:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year


@role_required(User.Role.LEADER)
@require_http_methods(["GET", "POST"])
def targets(request):
    """The leader's targets for their own unit, one small form per KPI, for one year."""
    year = _year(request)
    failed = None
    if request.method == "POST":
        posted = request.POST.get("kpi", "")
        form = TargetForm(request.POST, auto_id=f"id_{posted if posted in Kpi.values else 'kpi'}_%s")
        if form.is_valid():
            data = form.cleaned_data
            services.set_target(
                actor=request.user,
                year=data["year"],
                kpi=data["kpi"],
                value=data["value"],
                direction=data["direction"],
                note=data["note"],
            )
            messages.success(request, _("Målet for “%(kpi)s” er gemt.") % {"kpi": Kpi(data["kpi"]).label})
            return redirect(f"{reverse('reports:targets')}?year={data['year']}")
        failed = form
        if posted not in Kpi.values:
            # why: the form is shown beside its KPI; an unknown KPI has no place, so say it above
            messages.error(request, UNKNOWN_KPI)
    existing = queries.targets_for(request.user.unit, year)
    rows = []
    for code, label in Kpi.choices:
        if failed is not None and failed.data.get("kpi") == code:
            form = failed
        else:
            target = existing.get(code)
            form = TargetForm(
                initial={
                    "kpi": code,
                    "year": year,
                    "value": target.value if target else None,
                    "direction": target.direction if target else kpis.DEFAULT_DIRECTION.get(code, "at_least"),
                    "note": target.note if target else "",
                },
                auto_id=f"id_{code}_%s",
            )
        rows.append({"code": code, "label": label, "form": form, "target": existing.get(code)})
    context = {
        "year": year,
        "this_year": today().year,  # the results page has no figures for a year that has not begun
        "rows": rows,
        "unit": request.user.unit,
        "years": [year - 1, year, year + 1],
    }
    return render(request, "reports/targets.html", context, status=400 if failed else 200)
