"""The partner's and the staff's doors in, and the anonymous counselling log. Thin: queries read,
forms validate, services write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.formsets import all_valid
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import Institution, User
from tidlig.referrals import queries, services
from tidlig.referrals.forms_intake import (
    CounsellingForm,
    IntakeChildForm,
    IntakeGuardianForm,
    PartnerChildForm,
    PartnerGuardianForm,
    PartnerReferralForm,
    StaffReferralForm,
)
from tidlig.referrals.models import Referral

R = User.Role


@role_required(R.PARTNER)
def partner_referral(request, class_id):
    group = queries.get_group_for_partner(request.user, class_id, path=request.path)
    unit = queries.receiving_unit(group.institution)
    if unit is None:
        return render(request, "referrals/intake/unavailable.html", status=503)
    data = request.POST if request.method == "POST" else None
    form = PartnerReferralForm(data)
    child_form = PartnerChildForm(data, prefix="child")
    guardian_form = PartnerGuardianForm(data, prefix="guardian")
    if data is not None and all_valid([form, child_form, guardian_form]):
        institution = group.institution
        is_daycare = institution.kind == Institution.Kind.DAYCARE
        try:
            referral = services.receive_referral(
                unit=unit,
                door=Referral.Door.PARTNER,
                source=Referral.Source.DAYCARE if is_daycare else Referral.Source.SCHOOL,
                channel=Referral.Channel.WEB,
                concern=form.cleaned_data["concern"],
                children=[child_form.child_in(group=group)],
                guardians=[guardian_form.guardian_in()],
                referred_by=request.user,
                referrer_description=_("%(title)s, %(institution)s")
                % {"title": request.user.title or _("Samarbejdspartner"), "institution": institution},
                submission_token=form.cleaned_data["submission_token"],
                consent=form.consent_in(institution=institution),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("Tak. Henvisningen er sendt til %(unit)s med referencenummer %(reference)s.")
                % {"unit": unit, "reference": referral.reference},
            )
            return redirect("home")
    context = {
        "form": form,
        "child_form": child_form,
        "guardian_form": guardian_form,
        "group": group,
        "unit": unit,
    }
    return render(request, "referrals/intake/partner_referral.html", context)


@role_required(R.LEADER, R.COORDINATOR)
def staff_referral(request):
    data = request.POST if request.method == "POST" else None
    form = StaffReferralForm(data)
    child_form = IntakeChildForm(data, prefix="child")
    guardian_form = IntakeGuardianForm(data, prefix="guardian")
    if data is not None and all_valid([form, child_form, guardian_form]):
        try:
            referral = _receive_staff_referral(request.user, form, child_form, guardian_form)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("Henvendelsen er registreret med referencenummer %(reference)s.")
                % {"reference": referral.reference},
            )
            return redirect(referral)
    context = {"form": form, "child_form": child_form, "guardian_form": guardian_form}
    return render(request, "referrals/intake/staff_referral.html", context)


def _receive_staff_referral(user: User, form, child_form, guardian_form) -> Referral:
    data = form.cleaned_data
    return services.receive_referral(
        unit=user.unit,
        door=Referral.Door.STAFF,
        source=data["source"],
        channel=data["channel"],
        concern=data["concern"],
        wish=data["wish"],
        contact_preference=data["contact_preference"],
        referrer_description=data["referrer_description"],
        children=[child_form.child_in()],
        guardians=[guardian_form.guardian_in()],
        referred_by=user,
        submission_token=data["submission_token"],
    )


@role_required(R.WORKER, R.LEADER, R.COORDINATOR)
def counselling(request):
    form = CounsellingForm(request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.record_anonymous_counselling(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if not request.htmx:
                messages.success(request, _("Rådgivningen er registreret."))
                return redirect("referrals:counselling")
            form, saved = CounsellingForm(), True
    context = {"form": form, "entries": queries.counselling_for(request.user), "saved": saved}
    template = "referrals/intake/counselling.html"
    return render(request, f"{template}#log" if request.htmx else template, context)
