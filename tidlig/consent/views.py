"""Giving and withdrawing consent from a family's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.consent import services
from tidlig.consent.forms import GiveConsentForm, WithdrawConsentForm
from tidlig.consent.queries import get_consent_for_update
from tidlig.people.queries import get_household_for_update

R = User.Role
STAFF = (R.WORKER, R.LEADER, R.COORDINATOR)


@role_required(*STAFF)
def give(request, household_id):
    household = get_household_for_update(
        request.user,
        household_id,
        path=request.path,
        log_view_purpose=Purpose.CONSENT if request.method == "GET" else None,
    )
    form = GiveConsentForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Samtykket er registreret."))
            return redirect(household)
    return render(request, "consent/consent_form.html", {"form": form, "household": household})


@role_required(*STAFF)
def withdraw(request, consent_id):
    consent = get_consent_for_update(
        request.user,
        consent_id,
        path=request.path,
        log_view_purpose=Purpose.CONSENT if request.method == "GET" else None,
    )
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(consent, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(request, _("Samtykket er tilbagekaldt. Oplysningerne deles ikke længere."))
        return redirect(consent.household)
    return render(request, "consent/withdraw_form.html", {"form": form, "consent": consent})
