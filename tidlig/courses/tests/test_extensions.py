"""Going past the offer's limits: the worker asks with a reason, only the unit's leader decides."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login, make_user
from tidlig.audit.models import AccessLog
from tidlig.courses import rules, services
from tidlig.courses.models import Contact, ExtensionRequest
from tidlig.courses.tests.factories import HTMX, contact_form, make_course, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_course(prevention, lone, mette):
    """A course that has used all 3 of its contacts."""
    offer = make_offer(prevention, name="Kort forløb", max_contacts=3, max_network_meetings=1)
    course = make_course(prevention, lone, mette, offer=offer)
    for n in range(3):
        services.record_contact(course, actor=mette, **_service_contact(n))
    return course


def _service_contact(n):
    data = contact_form(n)
    data["submission_token"] = data.pop("token")
    data["duration_minutes"] = int(data["duration_minutes"])
    data["date"] = dt.date.fromisoformat(data["date"])
    return data


def _ask(client, course, extra="2"):
    return client.post(
        reverse("courses:request_extension", args=[course.uuid]),
        {
            "extension-kind": "contacts",
            "extension-extra": extra,
            "extension-reason": "Mor er først nu klar til at tale om skolen.",
        },
    )


def test_it_lets_the_leader_approve_more_contacts(client, mette, lone, full_course):
    login(client, mette)
    response = _ask(client, full_course)
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    assert (request.status, request.extra, request.requested_by) == ("pending", 2, mette)
    assert AccessLog.objects.filter(event="course.extension_requested", actor=mette).count() == 1
    assert "Afventer" in client.get(full_course.get_absolute_url()).content.decode()

    login(client, lone)
    queue = client.get(reverse("courses:approvals")).content.decode()
    assert full_course.household.name in queue
    assert "Mor er først nu klar til at tale om skolen." in queue
    assert "3 af 3 kontakter brugt, heraf 0 af 1 netværksmøder." in queue
    decided = client.post(
        reverse("courses:decide_extension", args=[request.uuid]),
        {f"{request.uuid}-approve": "yes", f"{request.uuid}-note": "Godkendt, to mere"},
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    full_course.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_note) == (
        "approved",
        lone,
        "Godkendt, to mere",
    )
    assert full_course.extra_contacts == 2
    assert AccessLog.objects.filter(event="course.extension_approved", actor=lone).count() == 1
    assert "Ingen forlængelser venter på dig." in client.get(reverse("courses:approvals")).content.decode()

    login(client, mette)
    fourth = client.post(reverse("courses:add_contact", args=[full_course.uuid]), contact_form(4), **HTMX)
    assert "Kontakten er gemt" in fourth.content.decode()
    assert "4 af 5 kontakter brugt" in fourth.content.decode()
    assert Contact.objects.count() == 4


def test_it_keeps_the_limits_after_a_rejection(client, mette, lone, full_course):
    login(client, mette)
    _ask(client, full_course)
    request = ExtensionRequest.objects.get()
    login(client, lone)
    client.post(reverse("courses:decide_extension", args=[request.uuid]), {f"{request.uuid}-approve": "no"})
    request.refresh_from_db()
    full_course.refresh_from_db()
    assert request.status == "rejected"
    assert full_course.extra_contacts == 0
    assert AccessLog.objects.filter(event="course.extension_rejected", actor=lone).count() == 1

    login(client, mette)
    fourth = client.post(reverse("courses:add_contact", args=[full_course.uuid]), contact_form(4), **HTMX)
    assert rules.CONTACT_LIMIT_REACHED.format(limit=3) in fourth.content.decode()
    assert Contact.objects.count() == 3


def test_it_lets_only_the_leader_decide(client, mette, kim, full_course):
    login(client, mette)
    _ask(client, full_course)
    request = ExtensionRequest.objects.get()
    for user in (mette, kim):
        login(client, user)
        assert client.get(reverse("courses:approvals")).status_code == 403
        response = client.post(
            reverse("courses:decide_extension", args=[request.uuid]), {f"{request.uuid}-approve": "yes"}
        )
        assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"
    assert AccessLog.objects.filter(actor=mette, action="denied").count() == 2


def test_it_hides_the_request_from_another_units_leader(client, mette, ppr, full_course):
    other = make_user("bo", "leader", unit=ppr)
    login(client, mette)
    _ask(client, full_course)
    request = ExtensionRequest.objects.get()
    login(client, other)
    response = client.post(
        reverse("courses:decide_extension", args=[request.uuid]), {f"{request.uuid}-approve": "yes"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_it_needs_a_reason_and_a_sensible_number(client, mette, full_course):
    login(client, mette)
    no_reason = client.post(
        reverse("courses:request_extension", args=[full_course.uuid]),
        {"extension-kind": "contacts", "extension-extra": "2"},
    )
    too_many = _ask(client, full_course, extra="13")
    assert no_reason.status_code == too_many.status_code == 400
    assert not ExtensionRequest.objects.exists()
