"""The offer catalogue and its administration (legal bases, themes), as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

from django.urls import reverse

from conftest import login
from tidlig.offers.tests.factories import offer_data
from tidlig.tests.fuzz_registry import Case, Target, World, serial

OFFER_FIELDS = {
    "name": "text",
    "description": "text",
    "legal_basis": "choice",
    "step": "choice",
    "themes": "choice",
    "age_min": "number",
    "age_max": "number",
    "format": "choice",
    "max_contacts": "number",
    "max_network_meetings": "number",
    "weeks": "number",
    "is_running": "choice",
}


def _offer_create(w: World) -> Target:
    client = login(w.client, w.kim)
    return Target(client, lambda: (reverse("offers:create"), offer_data()))


OFFER_CREATE = Case(
    name="offer_create",
    forms=("tidlig.offers.forms.OfferForm",),
    setup=_offer_create,
    fields=OFFER_FIELDS,
    stored=("name", "description"),
)


def _offer_edit(w: World) -> Target:
    from tidlig.courses.tests.factories import make_offer

    client = login(w.client, w.kim)
    offer = make_offer(w.prevention)

    def prepare():
        offer.refresh_from_db()
        return reverse("offers:edit", args=[offer.uuid]), offer_data(version=str(offer.version))

    return Target(client, prepare)


OFFER_EDIT = Case(
    name="offer_edit",
    forms=("tidlig.offers.forms.OfferForm",),
    setup=_offer_edit,
    fields={**OFFER_FIELDS, "version": "number"},
    stored=("name", "description"),
    exact=False,
    models=("offers.Offer",),
)


def _legal_basis(w: World) -> Target:
    client = login(w.client, w.admin_user)
    url = reverse("offers:reference")
    return Target(
        client, lambda: (url, {"reference": f"Barnets lov § {next(serial)}", "requires_decision": "on"})
    )


LEGAL_BASIS = Case(
    name="legal_basis_add",
    forms=("tidlig.offers.forms.LegalBasisForm",),
    setup=_legal_basis,
    fields={"reference": "text", "requires_decision": "choice"},
    stored=("reference",),
)


def _theme(w: World) -> Target:
    client = login(w.client, w.admin_user)
    url = reverse("offers:add_theme")
    return Target(client, lambda: (url, {"tema-name": f"Tema {next(serial)}"}))


THEME = Case(
    name="theme_add",
    forms=("tidlig.offers.forms.ThemeForm",),
    setup=_theme,
    fields={"tema-name": "text"},
    stored=("tema-name",),
)


CASES = [OFFER_CREATE, OFFER_EDIT, LEGAL_BASIS, THEME]
