"""Contacts in a course: htmx and plain posts, the offer's limits, double clicks and dates."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses import rules, services
from tidlig.courses.models import Contact
from tidlig.courses.tests.factories import HTMX, contact_form, make_course, make_offer
from tidlig.lib.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_course(prevention, lone, mette):
    """An offer of at most 3 contacts, 1 of them a network meeting."""
    offer = make_offer(prevention, name="Kort forløb", max_contacts=3, max_network_meetings=1)
    return make_course(prevention, lone, mette, offer=offer)


def test_it_records_a_contact_with_htmx(client, mette, small_course):
    login(client, mette)
    response = client.post(reverse("courses:add_contact", args=[small_course.uuid]), contact_form(), **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kontakten er gemt" in page
    assert 'id="contacts"' in page
    assert 'id="limits" aria-labelledby="limits-heading" hx-swap-oob="true"' in page
    assert "1 af 3 kontakter brugt, heraf 0 af 1 netværksmøder" in page
    assert "Vi talte om morgenerne." in page
    assert "token-1" not in page  # a fresh form carries a fresh token
    contact = Contact.objects.get()
    assert (contact.course, contact.kind, contact.place, contact.recorded_by) == (
        small_course,
        "individual",
        "home",
        mette,
    )
    assert str(contact.kilometres) == "12.5"
    assert AccessLog.objects.filter(event="contact.recorded", actor=mette).count() == 1


def test_it_records_a_contact_without_javascript(client, mette, small_course):
    login(client, mette)
    response = client.post(reverse("courses:add_contact", args=[small_course.uuid]), contact_form())
    assert response.status_code == 302
    assert response["Location"] == small_course.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Kontakten er gemt" in page
    assert "1 af 3 kontakter brugt" in page
    assert Contact.objects.count() == 1


def test_it_holds_the_offers_limits(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    network = {"kind": "network_meeting", "professionals": "Klasselærer Pia"}
    assert client.post(url, contact_form(1, **network), **HTMX).status_code == 200
    assert client.post(url, contact_form(2), **HTMX).status_code == 200
    second_network = client.post(url, contact_form(3, **network), **HTMX)
    assert rules.NETWORK_LIMIT_REACHED.format(limit=1) in second_network.content.decode()
    assert Contact.objects.count() == 2
    assert "Forløbet nærmer sig grænsen" in client.get(small_course.get_absolute_url()).content.decode()

    assert "Kontakten er gemt" in client.post(url, contact_form(4), **HTMX).content.decode()
    fourth = client.post(url, contact_form(5), **HTMX)

    assert fourth.status_code == 200
    assert rules.CONTACT_LIMIT_REACHED.format(limit=3) in fourth.content.decode()
    assert "Kontakten er gemt" not in fourth.content.decode()
    assert Contact.objects.count() == 3
    assert AccessLog.objects.filter(event="contact.recorded").count() == 3
    page = client.get(small_course.get_absolute_url()).content.decode()
    assert "Grænsen er nået. Bed lederen om en forlængelse." in page
    assert "3 af 3 kontakter brugt, heraf 1 af 1 netværksmøder" in page
    # without JavaScript the page comes back with the message and nothing is stored
    plain = client.post(url, contact_form(6))
    assert plain.status_code == 400
    assert rules.CONTACT_LIMIT_REACHED.format(limit=3) in plain.content.decode()
    assert Contact.objects.count() == 3


def test_it_records_one_contact_for_a_double_click(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    client.post(url, contact_form(7), **HTMX)
    client.post(url, contact_form(7), **HTMX)
    assert Contact.objects.count() == 1
    assert AccessLog.objects.filter(event="contact.recorded").count() == 1


def test_it_refuses_dates_before_the_start_or_in_the_future(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    before = small_course.start_meeting_on - dt.timedelta(days=1)
    too_early = client.post(url, contact_form(1, date=before.isoformat()), **HTMX)
    too_late = client.post(url, contact_form(2, date=(today() + dt.timedelta(days=1)).isoformat()), **HTMX)
    start = small_course.start_meeting_on.strftime("%d.%m.%Y")
    assert rules.CONTACT_BEFORE_START.format(start=start) in too_early.content.decode()
    assert rules.CONTACT_IN_FUTURE in too_late.content.decode()
    assert not Contact.objects.exists()


def test_it_refuses_a_network_meeting_without_the_network(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    response = client.post(url, contact_form(kind="network_meeting"), **HTMX)
    assert rules.NETWORK_WITHOUT_NETWORK in response.content.decode()
    assert not Contact.objects.exists()


def test_it_refuses_a_duration_out_of_range(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    response = client.post(url, contact_form(duration_minutes="601"), **HTMX)
    assert "Denne værdi skal være mindre end eller lig 600." in response.content.decode()
    assert not Contact.objects.exists()


def test_it_hides_another_workers_course(client, sofie, jonas, small_course):
    for outsider in (sofie, jonas):
        login(client, outsider)
        assert client.get(small_course.get_absolute_url()).status_code == 404
        url = reverse("courses:add_contact", args=[small_course.uuid])
        assert client.post(url, contact_form(), **HTMX).status_code == 404
        assert AccessLog.objects.filter(actor=outsider, action="denied").count() == 2
    assert not Contact.objects.exists()


def test_it_shows_the_course_page(client, mette, small_course):
    login(client, mette)
    response = client.get(small_course.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Kort forløb", "Barnets lov § 30 stk. 1", "Emil kommer i skole hver dag", "Hent som PDF"):
        assert text in page
    assert "0 af 3 kontakter brugt, heraf 0 af 1 netværksmøder" in page
    view = AccessLog.objects.filter(actor=mette, action="view").last()
    assert (view.object_type, view.object_id) == ("courses.course", str(small_course.uuid))


def test_it_shows_the_coordinator_the_course_without_forms(client, kim, small_course):
    login(client, kim)
    response = client.get(small_course.get_absolute_url())
    assert response.status_code == 200
    assert "Emil kommer i skole hver dag" in response.content.decode()
    assert "Registrér en kontakt" not in response.content.decode()
    url = reverse("courses:add_contact", args=[small_course.uuid])
    assert client.post(url, contact_form(), **HTMX).status_code == 403
    assert not Contact.objects.exists()


def test_it_refreshes_the_fit_panel_so_scores_can_go_on_the_new_contact(client, mette, small_course):
    """Found by the browser journey: the score forms must offer the contact that was just saved."""
    login(client, mette)
    response = client.post(reverse("courses:add_contact", args=[small_course.uuid]), contact_form(), **HTMX)
    page = response.content.decode()
    contact = Contact.objects.get()
    assert 'id="fit-panel"' in page
    assert 'hx-swap-oob="true"' in page.split('id="fit-panel"')[1].split(">")[0]
    assert f'value="{contact.uuid}"' in page.split('id="fit-panel"')[1]


def test_it_keeps_the_extension_form_apart_from_the_contact_form(client, mette, small_course):
    """Both forms have a "kind" field; ids must not collide, or a label ticks the other form's radio."""
    login(client, mette)
    page = client.get(small_course.get_absolute_url()).content.decode()
    assert page.count('id="id_kind_0"') == 1
    assert 'id="id_extension-kind_0"' in page


def test_it_answers_a_repeated_plain_post_as_the_first(client, mette, small_course):
    login(client, mette)
    url = reverse("courses:add_contact", args=[small_course.uuid])
    first = client.post(url, contact_form(8))
    second = client.post(url, contact_form(8))
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == small_course.get_absolute_url()
    assert "Kontakten er gemt" in client.get(second["Location"]).content.decode()
    assert Contact.objects.count() == 1
    assert AccessLog.objects.filter(event="contact.recorded").count() == 1


def test_it_refuses_a_token_from_another_courses_form(client, prevention, lone, mette, small_course):
    other = make_course(prevention, lone, mette, surname="Dahl")
    login(client, mette)
    client.post(reverse("courses:add_contact", args=[other.uuid]), contact_form(9))
    response = client.post(reverse("courses:add_contact", args=[small_course.uuid]), contact_form(9))
    assert response.status_code == 400
    assert services.CONTACT_FORM_USED in response.content.decode()
    assert list(Contact.objects.values_list("course", flat=True)) == [other.pk]
    assert AccessLog.objects.filter(event="contact.recorded").count() == 1
