"""Bad input gets a Danish message beside the field; nothing is stored; nothing renders as markup."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.people.models import Child, Guardian

pytestmark = pytest.mark.django_db

GOOD = {"first_name": "Ida", "last_name": "Holm", "birth_date": "2019-05-02", "cpr": ""}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cpr", "02051912", "Skriv CPR-nummeret som 10 cifre"),
        ("cpr", "310219-4123", "Skriv CPR-nummeret som 10 cifre"),
        ("cpr", "０２０５１９４１２３", "Skriv CPR-nummeret som 10 cifre"),
        ("cpr", "020519-1234", "CPR-nummerets dato passer ikke"),
        ("first_name", "x" * 81, "højst"),
        ("first_name", "<script>alert(1)</script>", "må ikke indeholde tegnene"),
        ("first_name", "Ida\x00", "Null-tegn"),
        ("last_name", "Holm\u202e", "usynlige styretegn"),
        ("birth_date", "2999-01-01", "ligger i fremtiden"),
        ("birth_date", "1900-01-01", "under 25 år"),
        ("birth_date", "not a date", "gyldig dato"),
    ],
)
def test_it_refuses_bad_child_input(client, mette, mette_family, field, value, message):
    login(client, mette)
    before = Child.objects.count()
    response = client.post(reverse("people:child_add", args=[mette_family.uuid]), {**GOOD, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "form-error-message" in page
    assert "<script>alert(1)</script>" not in page
    assert Child.objects.count() == before
    assert not AccessLog.objects.filter(event="child.created").exists()


def test_it_stores_a_good_child_with_an_encrypted_cpr(client, mette, mette_family):
    login(client, mette)
    response = client.post(
        reverse("people:child_add", args=[mette_family.uuid]), {**GOOD, "cpr": "020519-4123"}
    )
    assert response.status_code == 302
    child = Child.objects.get(first_name="Ida")
    assert child.cpr == "0205194123"
    assert "0205194123" not in child.cpr_encrypted
    assert AccessLog.objects.get(event="child.created").detail == {"cpr_given": True}


def test_it_never_lists_a_cpr(client, mette, mette_family, emma):
    emma.set_cpr("1403174321")
    emma.save()
    login(client, mette)
    for url in (
        reverse("people:household_list"),
        reverse("people:household", args=[mette_family.uuid]),
        "/",
    ):
        assert "1403174321" not in client.get(url).content.decode()
        assert "140317" not in client.get(url).content.decode()
    child_page = client.get(reverse("people:child", args=[emma.uuid])).content.decode()
    assert "140317-xxxx" in child_page
    # why: not a bare "4321", which a random CSRF token or nonce may contain by chance
    assert "1403174321" not in child_page
    assert "140317-4321" not in child_page


def test_it_refuses_a_bad_guardian_and_keeps_nothing(client, mette, mette_family):
    login(client, mette)
    response = client.post(
        reverse("people:guardian_add", args=[mette_family.uuid]),
        {
            "first_name": "Bo",
            "last_name": "<b>Dam</b>",
            "phone": "12",
            "email": "nope",
            "relation": "father",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv et telefonnummer" in page
    assert "gyldig e-mail-adresse" in page
    assert not Guardian.objects.filter(first_name="Bo").exists()


def test_it_adds_a_guardian_with_custody(client, mette, mette_family, emma):
    login(client, mette)
    response = client.post(
        reverse("people:guardian_add", args=[mette_family.uuid]),
        {
            "first_name": "Bo",
            "last_name": "Holm",
            "phone": "87 65 43 21",
            "relation": "father",
            "custody_children": [emma.pk],
        },
    )
    assert response.status_code == 302
    relation = Guardian.objects.get(first_name="Bo").relations.get()
    assert (relation.child, relation.has_custody) == (emma, True)


def test_it_lets_only_the_leader_assign_a_worker_of_the_unit(client, lone, mette, sofie, jonas, mette_family):
    login(client, mette)
    assert (
        client.post(
            reverse("people:assign_worker", args=[mette_family.uuid]), {"worker": sofie.pk}
        ).status_code
        == 403
    )
    login(client, lone)
    response = client.post(reverse("people:assign_worker", args=[mette_family.uuid]), {"worker": sofie.pk})
    assert response.status_code == 302
    assert mette_family.assignments.filter(worker=sofie, ended_at__isnull=True).exists()
    client.post(reverse("people:assign_worker", args=[mette_family.uuid]), {"worker": jonas.pk})
    assert not mette_family.assignments.filter(worker=jonas).exists(), "jonas is in another unit"
    assert AccessLog.objects.filter(event="household.assigned").count() == 1
