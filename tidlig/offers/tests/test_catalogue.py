"""The catalogue: leaders and coordinators add, edit and delete the unit's offers; every change is
audited, nothing typed is lost on a conflict, and an offer in use is paused rather than deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses.tests.factories import make_course
from tidlig.offers import services
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def basis():
    return LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")[0]


@pytest.fixture
def angst():
    return Theme.objects.create(name="Angst")


@pytest.fixture
def offer(prevention, lone, basis, angst):
    return services.create_offer(
        actor=lone,
        unit=prevention,
        name="Familiesamtaler",
        legal_basis=basis,
        step=LadderStep.objects.get(position=2),
        age_min=6,
        age_max=12,
        max_contacts=12,
        max_network_meetings=2,
        themes=[angst],
    )


def _data(basis, **overrides):
    data = {
        "name": "Mestringsluppen",
        "description": "Et forløb for børn, der er bekymrede, og deres forældre.",
        "legal_basis": str(basis.pk),
        "step": str(LadderStep.objects.get(position=2).pk),
        "age_min": "6",
        "age_max": "12",
        "format": "group",
        "max_contacts": "10",
        "max_network_meetings": "",
        "weeks": "12",
        "is_running": "True",
    }
    data.update(overrides)
    return data


def _edit_data(offer, **overrides):
    data = _data(
        offer.legal_basis,
        name=offer.name,
        step=str(offer.step_id or ""),
        format=offer.format,
        version=str(offer.version),
        themes=[str(t.pk) for t in offer.themes.all()],
    )
    data.update(overrides)
    return data


def test_it_creates_an_offer_with_step_themes_and_ages(client, kim, prevention, basis, angst):
    login(client, kim)
    response = client.post(reverse("offers:create"), _data(basis, themes=[str(angst.pk)]))

    assert response.status_code == 302
    assert response["Location"] == reverse("offers:catalogue")
    offer = Offer.objects.get(name="Mestringsluppen")
    assert (offer.unit, offer.step.position, offer.age_min, offer.age_max) == (prevention, 2, 6, 12)
    assert (offer.format, offer.max_contacts, offer.weeks, offer.is_running) == ("group", 10, 12, True)
    assert list(offer.themes.all()) == [angst]
    log = AccessLog.objects.get(event="offer.created")
    assert (log.actor, log.object_id, log.detail) == (kim, str(offer.uuid), {"name": "Mestringsluppen"})
    page = client.get(reverse("offers:catalogue")).content.decode()
    assert "Mestringsluppen" in page
    assert "Barnets lov § 30 stk. 1" in page


def test_it_refuses_an_age_range_upside_down_and_stores_nothing(client, lone, basis):
    login(client, lone)
    response = client.post(reverse("offers:create"), _data(basis, age_min="12", age_max="6"))

    assert response.status_code == 400
    form = response.context["form"]
    assert "Aldersgrænsen er vendt om" in " ".join(form.errors["age_max"])
    page = response.content.decode()
    assert 'id="id_age_max-error"' in page
    assert 'value="Mestringsluppen"' in page  # what was typed is still there
    assert not Offer.objects.exists()
    assert not AccessLog.objects.filter(event="offer.created").exists()


def test_it_refuses_a_name_the_unit_already_uses(client, lone, offer, basis):
    login(client, lone)
    response = client.post(reverse("offers:create"), _data(basis, name="familiesamtaler"))

    assert response.status_code == 400
    assert "allerede et tilbud med det navn" in " ".join(response.context["form"].errors["name"])
    assert Offer.objects.count() == 1


def test_it_saves_an_edit_and_audits_the_changed_fields(client, kim, offer):
    login(client, kim)
    page = client.get(reverse("offers:edit", args=[offer.uuid])).content.decode()
    assert 'name="version" value="1"' in page

    response = client.post(
        reverse("offers:edit", args=[offer.uuid]), _edit_data(offer, weeks="8", is_running="False")
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.weeks, offer.is_running, offer.version) == (8, False, 2)
    log = AccessLog.objects.get(event="offer.changed")
    assert log.actor == kim
    assert {"weeks", "is_running"} <= set(log.detail["fields"])


def test_it_shows_both_versions_when_a_colleague_saved_first(client, lone, kim, offer):
    login(client, lone)
    first = client.post(
        reverse("offers:edit", args=[offer.uuid]), _edit_data(offer, description="Lones beskrivelse")
    )
    assert first.status_code == 302

    login(client, kim)
    response = client.post(
        reverse("offers:edit", args=[offer.uuid]), _edit_data(offer, description="Kims beskrivelse")
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Din version" in page
    assert "Den gemte version" in page
    assert "Kims beskrivelse" in page  # the typed text is kept
    assert "Lones beskrivelse" in page
    assert "Tilbuddet er ændret af en anden imens." in page
    assert 'name="version" value="2"' in page
    offer.refresh_from_db()
    assert (offer.description, offer.version) == ("Lones beskrivelse", 2)
    changes = AccessLog.objects.filter(event="offer.changed")
    assert list(changes.values_list("actor__username", flat=True)) == ["lone"]

    # Saving again from the conflict page is a deliberate choice and goes through.
    again = client.post(
        reverse("offers:edit", args=[offer.uuid]),
        _edit_data(offer, description="Kims beskrivelse", version="2"),
    )
    assert again.status_code == 302
    offer.refresh_from_db()
    assert (offer.description, offer.version) == ("Kims beskrivelse", 3)


def test_it_refuses_to_delete_an_offer_a_course_uses(client, lone, mette, prevention, offer):
    make_course(prevention, lone, mette, offer=offer)
    login(client, lone)

    response = client.post(reverse("offers:delete", args=[offer.uuid]), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[0] == (reverse("offers:edit", args=[offer.uuid]), 302)
    assert "Tilbuddet bruges af 1 forløb og 0 hold og kan ikke slettes." in page
    assert "Sæt det på pause i stedet." in page
    assert Offer.objects.filter(pk=offer.pk).exists()
    assert offer.courses.count() == 1
    assert not AccessLog.objects.filter(event="offer.deleted").exists()


def test_it_deletes_an_unused_offer(client, kim, offer):
    login(client, kim)
    assert "Slet tilbuddet" in client.get(reverse("offers:edit", args=[offer.uuid])).content.decode()

    response = client.post(reverse("offers:delete", args=[offer.uuid]))

    assert response.status_code == 302
    assert response["Location"] == reverse("offers:catalogue")
    assert not Offer.objects.filter(pk=offer.pk).exists()
    log = AccessLog.objects.get(event="offer.deleted")
    assert (log.actor, log.detail["name"]) == (kim, "Familiesamtaler")


def test_it_keeps_workers_out_of_the_catalogue(client, mette, offer, basis):
    login(client, mette)
    denied = AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=mette)

    assert client.get(reverse("offers:catalogue")).status_code == 403
    assert client.get(reverse("offers:create")).status_code == 403
    assert client.post(reverse("offers:create"), _data(basis, name="Nyt")).status_code == 403
    assert client.get(reverse("offers:edit", args=[offer.uuid])).status_code == 403
    edit = client.post(reverse("offers:edit", args=[offer.uuid]), _edit_data(offer, weeks="1"))
    assert edit.status_code == 403
    assert client.post(reverse("offers:delete", args=[offer.uuid])).status_code == 403

    assert denied.count() == 6
    assert Offer.objects.count() == 1
    offer.refresh_from_db()
    assert (offer.weeks, offer.version) == (None, 1)
    assert not AccessLog.objects.filter(event__in=["offer.created", "offer.changed"], actor=mette).exists()


def test_it_lets_the_analyst_see_the_ladder_but_not_the_catalogue(client, ali, prevention):
    login(client, ali)
    assert client.get(reverse("offers:ladder")).status_code == 200
    assert client.get(reverse("offers:catalogue")).status_code == 403
    assert client.get(reverse("offers:create")).status_code == 403
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=ali).count() == 2


def test_it_hides_another_units_offer(client, jonas, offer):
    login(client, jonas)
    assert client.get(reverse("offers:edit", args=[offer.uuid])).status_code == 404
    assert client.post(reverse("offers:delete", args=[offer.uuid])).status_code == 404

    denied = AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=jonas)
    assert denied.count() == 2
    assert denied.first().object_id == str(offer.uuid)
    assert Offer.objects.filter(pk=offer.pk).exists()
    assert "Familiesamtaler" not in client.get(reverse("offers:ladder")).content.decode()


def test_it_links_the_catalogue_from_the_ladder_for_leaders_only(client, lone, mette):
    login(client, lone)
    page = client.get(reverse("offers:ladder")).content.decode()
    assert f'href="{reverse("offers:catalogue")}"' in page
    login(client, mette)
    page = client.get(reverse("offers:ladder")).content.decode()
    assert f'href="{reverse("offers:ladder")}"' in page
    assert f'href="{reverse("offers:catalogue")}"' not in page


def test_it_lists_the_catalogue_in_a_constant_number_of_queries(client, lone, prevention, basis, angst):
    login(client, lone)

    def count():
        client.get(reverse("offers:catalogue"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("offers:catalogue")).status_code == 200
        return len(ctx.captured_queries)

    def grow(n, prefix):
        for i in range(n):
            step = LadderStep.objects.get(position=1 + i % 4)
            services.create_offer(
                actor=lone, unit=prevention, name=f"{prefix}{i}", legal_basis=basis, step=step, themes=[angst]
            )

    grow(2, "Få")
    few = count()
    grow(10, "Mange")
    assert count() == few
