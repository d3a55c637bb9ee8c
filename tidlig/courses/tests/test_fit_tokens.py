"""A forged or overlong hidden submission token is refused with a message, on every database."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.courses.tests.factories import make_open_course
from tidlig.measurements.models import Response
from tidlig.tests.fuzz_registry import World

pytestmark = pytest.mark.django_db


def test_it_refuses_an_overlong_token_on_typed_scores(request, client, mette):
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument

    course = make_open_course(World(request))
    instrument = active_instrument(OUTCOME)
    prefix = f"fit{instrument.pk}"
    login(client, mette)
    response = client.post(
        reverse("courses:record_scores", args=[course.uuid]),
        {
            "instrument": instrument.pk,
            f"{prefix}-respondent": f"guardian:{course.household.guardians.get().uuid}",
            f"{prefix}-contact": str(course.contacts.get().uuid),
            f"{prefix}-submission_token": "x" * 65,
            **{f"{prefix}-item_{n}": "5" for n in range(1, 5)},
        },
    )
    assert response.status_code == 400
    assert "Formularen kunne ikke genkendes" in response.content.decode()
    assert not Response.objects.exists()


def test_it_refuses_an_overlong_token_in_answer_mode(request, client, mette):
    from tidlig.measurements.open_instruments import METAFEEDBACK
    from tidlig.measurements.queries import active_instrument

    course = make_open_course(World(request))
    login(client, mette)
    url = reverse("courses:answer_mode", args=[course.uuid])
    started = client.post(
        url,
        {
            "svar-respondent": f"guardian:{course.household.guardians.get().uuid}",
            "svar-instrument": active_instrument(METAFEEDBACK).pk,
            "svar-contact": "",
        },
    )
    assert started.status_code == 302
    response = client.post(
        url, {"item_1": "yes", "item_2": "9", "item_3": "Tak", "submission_token": "x" * 65}
    )
    assert response.status_code == 400
    assert "Formularen kunne ikke genkendes" in response.content.decode()
    assert not Response.objects.exists()
