"""Groups: creating one, enrolling, a session and its outcome, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

import datetime as dt
import secrets

from django.urls import reverse

from conftest import login
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World


def _group_create(w: World) -> Target:
    from tidlig.groups.tests.factories import make_group_offer

    client = login(w.client, w.lone)
    offer = make_group_offer(w.prevention)
    mette = w.mette

    def prepare():
        return reverse("groups:create"), {
            "offer": str(offer.pk),
            "name": "Mestringsluppen efterår",
            "starts_on": (today() + dt.timedelta(days=7)).isoformat(),
            "ends_on": (today() + dt.timedelta(days=70)).isoformat(),
            "schedule": "tirsdage kl. 16-18",
            "place": "Familiehuset",
            "capacity": "8",
            "leaders": [str(mette.pk)],
            "strands": ["children", "parents"],
        }

    return Target(client, prepare)


GROUP_CREATE = Case(
    name="group_create",
    forms=("tidlig.groups.forms.GroupForm",),
    setup=_group_create,
    fields={
        "offer": "choice",
        "name": "text",
        "starts_on": "date",
        "ends_on": "date",
        "schedule": "text",
        "place": "text",
        "is_digital": "choice",
        "capacity": "number",
        "leaders": "choice",
        "strands": "choice",
    },
    stored=("name", "schedule", "place"),
    shape_fields=("strands", "leaders"),
)


def _group(w: World):
    from tidlig.groups.tests.factories import make_group

    return make_group(w.prevention, w.mette, capacity=200)


def _enroll(w: World) -> Target:
    from tidlig.groups.tests.factories import add_child

    client = login(w.client, w.mette)
    group = _group(w)
    household = w.mette_family
    url = reverse("groups:enroll", args=[group.uuid])

    def prepare():
        child = add_child(household, first_name=f"Ida{secrets.token_hex(2)}")
        return url, {"tilmeld-child": str(child.uuid), "tilmeld-guardian": ""}

    return Target(client, prepare)


ENROLL = Case(
    name="group_enroll",
    forms=("tidlig.groups.forms.EnrollForm",),
    setup=_enroll,
    fields={"tilmeld-child": "choice", "tilmeld-guardian": "choice"},
)


def _session(w: World) -> Target:
    from tidlig.groups import services

    client = login(w.client, w.mette)
    group = _group(w)
    enrollment = services.enroll(group, actor=w.mette, guardian=w.anne)
    url = reverse("groups:session", args=[group.uuid])
    p = f"p-{enrollment.uuid}"

    def prepare():
        return url, {
            "date": (today() - dt.timedelta(days=1)).isoformat(),
            "strand": "",
            "note": "Tema: venskaber",
            f"{p}-present": "on",
            **{f"{p}-item_{n}": "" for n in range(1, 5)},
        }

    return Target(client, prepare)


SESSION = Case(
    name="group_session",
    forms=("tidlig.groups.forms.SessionForm", "tidlig.groups.forms.ParticipantForm"),
    setup=_session,
    fields={
        "date": "date",
        "strand": "choice",
        "note": "text",
        "p-*-present": "choice",
        "p-*-item_1": "number",
        "p-*-item_2": "number",
    },
    stored=("note",),
    shape_fields=("p-*-item_1", "p-*-item_2"),
)


def _outcome(w: World) -> Target:
    from tidlig.groups import services
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument

    client = login(w.client, w.mette)
    group = _group(w)
    enrollment = services.enroll(group, actor=w.mette, guardian=w.anne)
    instrument = active_instrument(OUTCOME)
    prefix = f"trivsel{instrument.pk}"
    url = reverse("groups:outcome", args=[group.uuid])

    def prepare():
        return url, {
            "instrument": str(instrument.pk),
            f"{prefix}-enrollment": str(enrollment.uuid),
            **{f"{prefix}-item_{n}": "5" for n in range(1, 5)},
        }

    return Target(client, prepare)


OUTCOME_CASE = Case(
    name="group_outcome",
    forms=("tidlig.groups.forms.OutcomeForm",),
    setup=_outcome,
    fields={"instrument": "choice", "*-enrollment": "choice", "*-item_1": "number", "*-item_3": "number"},
)


CASES = [GROUP_CREATE, ENROLL, SESSION, OUTCOME_CASE]
