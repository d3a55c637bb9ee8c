"""Offer pages: the ladder for all staff (aggregates only), the catalogue where leaders and coordinators
add, edit, pause and delete the unit's offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.services import record_denied
from tidlig.lib.conflict import CONFLICT, rebind_to_saved
from tidlig.lib.stats import suppress
from tidlig.offers import queries, services
from tidlig.offers.forms import OfferForm

R = User.Role


def _shown(count: int) -> str:
    # why: analysts see this page, and a count of 1-4 families could single one out
    return _("under 5") if suppress(count) is None else str(count)


def _card(offer) -> dict:
    return {
        "offer": offer,
        "families_now": _shown(offer.families_now),
        "courses_started": _shown(offer.courses_started),
        "referrals": _shown(offer.referrals),
        "waiting": _shown(offer.waiting),
    }


@role_required(R.LEADER, R.COORDINATOR, R.WORKER, R.ANALYST)
def ladder(request):
    """All offers by step with demand, and the gaps per theme and age band (VIVE's overview)."""
    unit = queries.ladder_unit_for(request.user)
    if unit is None:
        return render(request, "offers/ladder.html", {"unit": None})
    data = queries.ladder_for(unit)
    unused = {o.pk for o in data["unused"]}
    context = {
        "unit": unit,
        "steps": [(cell.step, [_card(o) for o in cell.offers]) for cell in data["cells"]],
        "unplaced": [_card(o) for o in data["unplaced"]],
        "unused": unused,
        "bands": data["bands"],
        "gap_rows": queries.gap_rows(data),
        "since": data["since"],
        "can_edit": request.user.manages_unit,
    }
    return render(request, "offers/ladder.html", context)


@role_required(R.LEADER, R.COORDINATOR)
def catalogue(request):
    offers = queries.catalogue_for(request.user.unit)
    return render(request, "offers/catalogue.html", {"offers": offers})


@role_required(R.LEADER, R.COORDINATOR)
def create(request):
    unit = request.user.unit
    form = OfferForm(request.POST or None, unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.create_offer(actor=request.user, unit=unit, **form.offer_fields())
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Tilbuddet “%(name)s” er oprettet.") % {"name": offer.name})
                return redirect("offers:catalogue")
        status = 400
    return render(request, "offers/offer_form.html", {"form": form, "offer": None}, status=status)


def _offer(request, offer_id):
    """The unit's own offer for a leader or coordinator. Another unit's offer is not found (404) before
    the role is checked (403), so its existence does not leak; either attempt is logged."""
    offer = queries.get_offer_for(request.user, offer_id)
    if offer is None:
        record_denied(request.user, object_type="offer", object_id=str(offer_id), path=request.path)
        raise Http404
    if not request.user.manages_unit:
        record_denied(request.user, object_type="view", object_id=str(offer_id), path=request.path)
        raise PermissionDenied
    return offer


def _render_form(request, offer, form, *, status=200, saved=None):
    context = {"form": form, "offer": offer, "saved": saved, "usage": queries.offer_usage(offer)}
    return render(request, "offers/offer_form.html", context, status=status)


@login_required
def edit(request, offer_id):
    """Optimistic locking: the form names the version it was based on. On a conflict both versions are
    shown, the user's input is kept, and nothing is saved until they choose."""
    offer = _offer(request, offer_id)
    if request.method != "POST":
        return _render_form(request, offer, OfferForm.for_offer(offer))
    form = OfferForm.for_offer(offer, data=request.POST)
    if not form.is_valid():
        return _render_form(request, offer, form, status=400)
    try:
        saved = services.update_offer(
            offer, actor=request.user, version=form.cleaned_data["version"] or 0, **form.offer_fields()
        )
    except ValidationError as e:
        if getattr(e, "code", None) != "conflict":
            form.add_error(None, e)
            return _render_form(request, offer, form, status=400)
        current = _offer(request, offer_id)
        form = rebind_to_saved(request, current, lambda post: OfferForm.for_offer(current, data=post))
        form.add_error(None, e)
        return _render_form(request, current, form, status=CONFLICT, saved=current)
    messages.success(request, _("Tilbuddet “%(name)s” er gemt.") % {"name": saved.name})
    return redirect("offers:catalogue")


@login_required
@require_POST
def delete(request, offer_id):
    """Only an unused offer can be deleted; one that courses or groups use is paused instead."""
    offer = _offer(request, offer_id)
    name = offer.name
    try:
        services.delete_offer(offer, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("offers:edit", offer_id=offer.uuid)
    messages.success(request, _("Tilbuddet “%(name)s” er slettet.") % {"name": name})
    return redirect("offers:catalogue")
