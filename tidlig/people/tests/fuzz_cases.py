"""Families: a household, its children and guardians, and the worker assigned, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

import itertools

from django.urls import reverse

from conftest import login
from tidlig.tests.fuzz_registry import Case, Target, World


def _household_create(w: World) -> Target:
    client = login(w.client, w.lone)
    url = reverse("people:household_create")
    return Target(client, lambda: (url, {"name": "Familien Dam"}))


HOUSEHOLD_CREATE = Case(
    name="household_create",
    forms=("tidlig.people.forms.HouseholdForm",),
    setup=_household_create,
    fields={"name": "text"},
    stored=("name",),
)


CHILD_FIELDS = {
    "first_name": "text",
    "last_name": "text",
    "birth_date": "date",
    "cpr": "cpr",
    "institution_group": "choice",
}


GOOD_CHILD = {
    "first_name": "Ida",
    "last_name": "Holm",
    "birth_date": "2019-05-02",
    "cpr": "",
    "institution_group": "",
}


def _child_add(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:child_add", args=[w.mette_family.uuid])
    return Target(client, lambda: (url, dict(GOOD_CHILD, cpr="020519-4123")))


CHILD_ADD = Case(
    name="child_add",
    forms=("tidlig.people.forms.ChildForm",),
    setup=_child_add,
    fields=CHILD_FIELDS,
    stored=("first_name", "last_name"),
)


def _child_edit(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:child_edit", args=[w.emma.uuid])

    def prepare():
        # the version the form was based on (optimistic locking); each example starts from the saved one
        version = type(w.emma).objects.filter(pk=w.emma.pk).values_list("version", flat=True).get()
        return url, dict(GOOD_CHILD, birth_date="2017-03-14", cpr="140317-4321", version=str(version))

    return Target(client, prepare)


CHILD_EDIT = Case(
    name="child_edit",
    forms=("tidlig.people.forms.ChildEditForm",),
    setup=_child_edit,
    fields=CHILD_FIELDS,
    stored=("first_name", "last_name"),
    exact=False,
    models=("people.Child",),
)


def _guardian_add(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:guardian_add", args=[w.mette_family.uuid])
    emma = w.emma

    def prepare():
        return url, {
            "first_name": "Bo",
            "last_name": "Holm",
            "phone": "12345678",
            "email": "bo@example.dk",
            "address": "Skolevej 1, 6200 Aabenraa",
            "relation": "father",
            "custody_children": [str(emma.pk)],
        }

    return Target(client, prepare)


GUARDIAN_ADD = Case(
    name="guardian_add",
    forms=("tidlig.people.forms.GuardianForm",),
    setup=_guardian_add,
    fields={
        "first_name": "text",
        "last_name": "text",
        "phone": "cpr",
        "email": "text",
        "address": "text",
        "relation": "choice",
        "custody_children": "choice",
    },
    stored=("first_name", "last_name", "address"),
)


def _assign_worker(w: World) -> Target:
    client = login(w.client, w.lone)
    household = w.mette_family
    url = reverse("people:assign_worker", args=[household.uuid])
    workers = itertools.cycle([w.sofie, w.mette])
    return Target(client, lambda: (url, {"worker": str(next(workers).pk)}))


ASSIGN_WORKER = Case(
    name="assign_worker",
    forms=("tidlig.people.forms.AssignWorkerForm",),
    setup=_assign_worker,
    fields={"worker": "choice"},
    exact=False,
)


CASES = [HOUSEHOLD_CREATE, CHILD_ADD, CHILD_EDIT, GUARDIAN_ADD, ASSIGN_WORKER]
