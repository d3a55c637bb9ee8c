"""Groups (hold): creating one, the list, enrolling with a waiting list, stopping, and who may see a group."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.groups import services
from tidlig.groups.models import Enrollment, Group
from tidlig.groups.tests.factories import add_child, make_group, make_group_offer
from tidlig.lib.dates import today
from tidlig.offers.models import LegalBasis, Offer

pytestmark = pytest.mark.django_db


def form_data(offer, leaders, **overrides) -> dict:
    data = {
        "offer": offer.pk,
        "name": "Mestringsluppen efterår",
        "starts_on": (today() + dt.timedelta(days=7)).isoformat(),
        "ends_on": (today() + dt.timedelta(days=70)).isoformat(),
        "schedule": "tirsdage kl. 16-18",
        "place": "Familiehuset",
        "capacity": "8",
        "leaders": [leader.pk for leader in leaders],
        "strands": ["children", "parents", "school"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def group(prevention, mette):
    return make_group(prevention, mette)


# Creating --------------------------------------------------------------------------------------------


def test_it_creates_a_group_with_leaders_strands_and_an_audit_row(client, prevention, lone, mette, sofie):
    offer = make_group_offer(prevention)
    login(client, lone)
    assert client.get(reverse("groups:create")).status_code == 200

    response = client.post(reverse("groups:create"), form_data(offer, [mette, sofie], is_digital="on"))

    group = Group.objects.get()
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert (group.offer, group.capacity, group.is_digital, group.place) == (offer, 8, True, "Familiehuset")
    assert set(group.leaders.all()) == {mette, sofie}
    assert [(s.name, s.audience) for s in group.strands.all()] == [
        ("Børnegruppe", "children"),
        ("Forældregruppe", "parents"),
        ("Vidensdeling med skolen", "school"),
    ]
    log = AccessLog.objects.get(event="group.created")
    assert (log.actor, log.object_id) == (lone, str(group.uuid))


def test_it_refuses_capacity_0(client, prevention, lone, mette):
    login(client, lone)
    response = client.post(
        reverse("groups:create"), form_data(make_group_offer(prevention), [mette], capacity="0")
    )
    assert response.status_code == 400
    assert "Et hold skal have mindst én plads." in response.content.decode()
    assert not Group.objects.exists()
    with pytest.raises(ValidationError):
        make_group(prevention, mette, capacity=0)
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Hold\u202eA", "usynlige styretegn"),
        ("Hold\x07", "usynlige styretegn"),
        ("<b>Hold</b>", "må ikke indeholde tegnene"),
    ],
)
def test_it_refuses_a_group_name_with_control_characters_or_markup(
    client, prevention, lone, mette, name, message
):
    login(client, lone)
    response = client.post(
        reverse("groups:create"), form_data(make_group_offer(prevention), [mette], name=name)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Group.objects.exists()
    assert not AccessLog.objects.filter(event="group.created").exists()


def test_it_refuses_an_end_before_the_start(client, prevention, lone, mette):
    login(client, lone)
    data = form_data(
        make_group_offer(prevention), [mette], ends_on=(today() - dt.timedelta(days=1)).isoformat()
    )
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 400
    assert "Holdets sidste gang kan ikke ligge før første gang." in response.content.decode()
    assert not Group.objects.exists()


def test_it_refuses_an_offer_that_is_not_given_as_a_group(client, prevention, lone, mette):
    individual = make_group_offer(prevention, name="Familiesamtaler", format=Offer.Format.INDIVIDUAL)
    login(client, lone)
    page = client.get(reverse("groups:create")).content.decode()
    assert "Familiesamtaler" not in page
    assert "Enheden har ingen gruppetilbud" in page

    response = client.post(reverse("groups:create"), form_data(individual, [mette]))
    assert response.status_code == 400
    assert not Group.objects.exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError, match="ikke et gruppetilbud"):
        services.create_group(
            actor=lone,
            offer=individual,
            name="Hold",
            starts_on=today(),
            ends_on=today(),
            capacity=5,
            leaders=[mette],
        )


def test_it_asks_a_worker_to_lead_the_group_they_create(client, prevention, mette, sofie):
    login(client, mette)
    response = client.post(reverse("groups:create"), form_data(make_group_offer(prevention), [sofie]))
    assert response.status_code == 400
    assert "Vælg dig selv som holdleder" in response.content.decode()
    assert not Group.objects.exists()


def test_it_lists_the_groups_with_enrolled_of_capacity(client, group, mette, emma, anne):
    services.enroll(group, actor=mette, child=emma)
    services.enroll(group, actor=mette, guardian=anne)
    login(client, mette)
    response = client.get(reverse("groups:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mestringsluppen forår" in page
    assert "2 af 3" in page
    assert "Hold" in page  # the menu entry


# Enrolling -------------------------------------------------------------------------------------------


def test_it_enrolls_until_full_and_then_puts_the_next_on_the_waiting_list(
    client, prevention, mette, mette_family, emma, anne
):
    group = make_group(prevention, mette, capacity=2)
    ida = add_child(mette_family)
    login(client, mette)
    url = reverse("groups:enroll", args=[group.uuid])

    first = client.post(url, {"tilmeld-child": emma.uuid}, follow=True)
    assert "Tilmeldt: Emma Holm." in first.content.decode()
    client.post(url, {"tilmeld-guardian": anne.uuid})
    third = client.post(url, {"tilmeld-child": ida.uuid}, follow=True)

    assert "Sat på venteliste (holdet er fuldt): Ida Holm." in third.content.decode()
    statuses = {e.person.first_name: e.status for e in group.enrollments.all()}
    assert statuses == {"Emma": "enrolled", "Anne": "enrolled", "Ida": "waiting"}
    assert AccessLog.objects.filter(event="group.waiting", actor=mette).count() == 1


def test_it_says_so_when_the_same_child_is_enrolled_twice(client, group, mette, emma):
    login(client, mette)
    url = reverse("groups:enroll", args=[group.uuid])
    client.post(url, {"tilmeld-child": emma.uuid})

    response = client.post(url, {"tilmeld-child": emma.uuid})

    assert response.status_code == 400
    assert "Emma Holm er allerede tilmeldt holdet." in response.content.decode()
    assert Enrollment.objects.filter(group=group, child=emma).count() == 1


def test_it_asks_for_one_person(client, group, mette, emma, anne):
    login(client, mette)
    url = reverse("groups:enroll", args=[group.uuid])
    for data in ({}, {"tilmeld-child": emma.uuid, "tilmeld-guardian": anne.uuid}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Vælg et barn eller en voksen." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_it_cannot_enroll_a_child_from_a_family_the_worker_does_not_see(client, group, mette, oskar):
    login(client, mette)
    response = client.post(reverse("groups:enroll", args=[group.uuid]), {"tilmeld-child": oskar.uuid})
    assert response.status_code == 400
    assert "Berg" not in response.content.decode()
    assert not Enrollment.objects.exists()


def test_it_moves_the_first_on_the_waiting_list_up_when_someone_stops(
    client, prevention, mette, mette_family, emma, anne
):
    group = make_group(prevention, mette, capacity=1)
    ida = add_child(mette_family)
    place = services.enroll(group, actor=mette, child=emma)
    services.enroll(group, actor=mette, guardian=anne)
    services.enroll(group, actor=mette, child=ida)
    login(client, mette)

    response = client.post(reverse("groups:leave", args=[group.uuid, place.uuid]), follow=True)

    page = response.content.decode()
    assert "Emma Holm er stoppet på holdet." in page
    assert "Anne Holm er rykket op fra ventelisten" in page
    statuses = {e.person.first_name: e.status for e in group.enrollments.all()}
    assert statuses == {"Emma": "left", "Anne": "enrolled", "Ida": "waiting"}
    assert AccessLog.objects.filter(event="group.moved_up").count() == 1


def test_it_shows_participants_waiting_list_and_the_enroll_form(client, prevention, mette, emma, anne):
    group = make_group(prevention, mette, capacity=1)
    services.enroll(group, actor=mette, child=emma)
    services.enroll(group, actor=mette, guardian=anne)
    login(client, mette)
    response = client.get(group.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 af 1 tilmeldt" in page
    assert page.index("Emma Holm") < page.index("Venteliste") < page.index("Anne Holm")
    assert reverse("groups:enroll", args=[group.uuid]) in page
    assert AccessLog.objects.filter(event="groups.group.view", actor=mette).exists()


# Who may see a group ---------------------------------------------------------------------------------


def test_it_answers_404_to_a_worker_in_another_unit_and_logs_it(client, group, jonas):
    login(client, jonas)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.post(reverse("groups:enroll", args=[group.uuid])).status_code == 404
    denied = AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=jonas)
    assert denied.count() == 2
    assert denied.first().object_id == str(group.uuid)


def test_it_answers_404_to_a_worker_who_does_not_lead_the_group(client, group, sofie):
    login(client, sofie)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert "Mestringsluppen" not in client.get(reverse("groups:list")).content.decode()


def test_it_refuses_the_analyst(client, group, ali):
    login(client, ali)
    assert client.get(group.get_absolute_url()).status_code in (403, 404)
    assert client.get(reverse("groups:list")).status_code == 403
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=ali).exists()


def test_it_opens_the_group_for_the_units_leader_and_coordinator(client, group, lone, kim):
    for user in (lone, kim):
        login(client, user)
        assert client.get(group.get_absolute_url()).status_code == 200
        assert "Mestringsluppen forår" in client.get(reverse("groups:list")).content.decode()


def test_the_group_page_runs_the_same_number_of_queries_however_many_take_part(
    client, django_assert_max_num_queries, prevention, mette, mette_family, emma, anne
):
    group = make_group(prevention, mette, capacity=2)
    services.enroll(group, actor=mette, child=emma)
    services.record_session(group, actor=mette, date=today() - dt.timedelta(days=7), present=set())
    login(client, mette)
    url = group.get_absolute_url()
    client.get(url)  # installs the open instruments once
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    services.enroll(group, actor=mette, guardian=anne)
    for first_name in ("Ida", "Bo", "Liv"):
        services.enroll(group, actor=mette, child=add_child(mette_family, first_name))
    services.record_session(group, actor=mette, date=today(), present={e.pk for e in group.enrollments.all()})
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_it_lets_someone_who_stopped_come_back(prevention, mette, emma):
    import datetime as dt

    from tidlig.groups import services as group_services
    from tidlig.groups.models import Enrollment
    from tidlig.lib.dates import today
    from tidlig.offers.models import Offer

    basis = LegalBasis.objects.create(reference="Barnets lov § 30 stk. 2 (test)")
    offer = Offer.objects.create(name="Gruppe", legal_basis=basis, unit=prevention, format=Offer.Format.GROUP)
    group = group_services.create_group(
        actor=mette,
        offer=offer,
        name="Hold",
        starts_on=today(),
        ends_on=today() + dt.timedelta(days=30),
        capacity=2,
        leaders=[mette],
    )
    first = group_services.enroll(group, actor=mette, child=emma)
    group_services.leave(first, actor=mette)
    again = group_services.enroll(group, actor=mette, child=emma)
    assert again.pk == first.pk
    assert again.status == Enrollment.Status.ENROLLED
    assert group.enrollments.count() == 1
