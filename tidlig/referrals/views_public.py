"""The public door: a family asks for help without logging in, and gets a receipt (Barnets lov §§ 28-29)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tidlig.referrals import services
from tidlig.referrals.forms_public import (
    HONEYPOT_FIELD,
    SelfReferralForm,
    decoy_receipt_token,
    new_ticket,
    receipt_for,
    receipt_token,
    receiving_unit,
)
from tidlig.referrals.models import Referral
from tidlig.referrals.services_public import allow_public_submission

logger = logging.getLogger(__name__)


def _form_page(request, unit, form: SelfReferralForm):
    # A fresh ticket on every render: its clock starts when the family sees the page.
    context = {"form": form, "unit": unit, "ticket": new_ticket()}
    return render(request, "referrals/public/self_referral.html", context)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def self_referral(request):
    unit = receiving_unit()
    if unit is None:
        return render(request, "referrals/public/not_ready.html", status=503)
    if request.method == "GET":
        return _form_page(request, unit, SelfReferralForm())
    if not allow_public_submission(request):
        response = render(request, "referrals/public/too_many.html", status=429)
        response["Retry-After"] = "60"
        return response
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        # Answer exactly as for a family, so a bot cannot tell it was caught.
        logger.info("self-referral honeypot filled; nothing stored")
        return redirect("referrals:receipt", token=decoy_receipt_token())
    form = SelfReferralForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.receive_referral(
                unit=unit,
                door=Referral.Door.WEB,
                source=Referral.Source.SELF,
                channel=Referral.Channel.WEB,
                concern=data["concern"],
                wish=data["wish"],
                contact_preference=data["contact_preference"],
                referrer_description=form.referrer_description(),
                children=form.children(),
                guardians=[form.guardian()],
                submission_token=data["ticket"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("referrals:receipt", token=receipt_token(referral))
    return _form_page(request, unit, form)


@login_not_required
@never_cache
@require_GET
def receipt(request, token):
    found = receipt_for(token)
    if found is None:
        raise Http404
    return render(request, "referrals/public/receipt.html", {"receipt": found})
