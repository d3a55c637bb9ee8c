"""Placing a child on the Trivselslineal at start and end; a correction keeps the old value in its history."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses.services import fit
from tidlig.courses.tests.factories import fit_panel_html, make_course_with_contacts
from tidlig.lib.dates import today
from tidlig.measurements.models import PlacementCorrection, WellbeingPlacement, WellbeingScale
from tidlig.measurements.services import DEFAULT_BANDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(mette_family, mette):
    return make_course_with_contacts(mette_family, mette, contacts=1)


def test_it_places_a_child_on_the_active_scale_with_an_audit_row(course, mette, emma):
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=4, placed_on=today()
    )
    assert (placement.value, placement.moment, placement.recorded_by, placement.scale.version) == (
        4,
        "start",
        mette,
        1,
    )
    log = AccessLog.objects.get(event="placement.recorded")
    assert (log.actor, log.action) == (mette, "create")
    assert list(log.subjects.values_list("person_type", flat=True)) == ["child"]


def test_it_uses_the_newest_scale_version(course, mette, emma):
    WellbeingScale.objects.create(
        name="Trivselslinealen", version=2, minimum=1, maximum=10, bands=DEFAULT_BANDS
    )
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=4, placed_on=today()
    )
    assert placement.scale.version == 2


def test_it_refuses_a_second_start_and_a_value_outside_the_scale(course, mette, emma, oskar):
    fit.place_wellbeing(course, actor=mette, child=emma, moment="start", value=4, placed_on=today())
    cases = [
        ({"moment": "start", "value": 5}, "Startmålingen er allerede registreret. Ret den i stedet."),
        ({"moment": "end", "value": 11}, "Placeringen skal ligge mellem 1 og 10."),
        ({"moment": "end", "value": 0}, "Placeringen skal ligge mellem 1 og 10."),
        ({"moment": "end", "value": 7, "child": oskar}, "Personen hører ikke til familien i forløbet."),
        ({"moment": "end", "value": 7, "placed_on": today() + dt.timedelta(days=1)}, "fremtiden"),
    ]
    for kwargs, message in cases:
        data = {"child": emma, "placed_on": today(), **kwargs}
        with pytest.raises(ValidationError) as error:
            fit.place_wellbeing(course, actor=mette, **data)
        assert message in error.value.messages[0]
    assert WellbeingPlacement.objects.count() == 1
    fit.place_wellbeing(course, actor=mette, child=emma, moment="between", value=5, placed_on=today())
    fit.place_wellbeing(course, actor=mette, child=emma, moment="between", value=6, placed_on=today())
    fit.place_wellbeing(course, actor=mette, child=emma, moment="end", value=7, placed_on=today())
    with pytest.raises(ValidationError, match="Slutmålingen er allerede registreret"):
        fit.place_wellbeing(course, actor=mette, child=emma, moment="end", value=8, placed_on=today())
    assert WellbeingPlacement.objects.count() == 4


def test_it_corrects_a_placement_and_keeps_the_history(course, mette, lone, emma):
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=3, placed_on=today()
    )
    with time_machine.travel(dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)):
        fit.correct_placement(placement, actor=mette, new_value=4, reason="tastefejl")
    fit.correct_placement(placement, actor=lone, new_value=5, reason="Talt igennem med Mette")
    placement.refresh_from_db()
    assert placement.value == 5
    history = list(
        PlacementCorrection.objects.filter(placement=placement).values_list("old_value", "new_value")
    )
    assert history == [(3, 4), (4, 5)]
    logs = AccessLog.objects.filter(event="placement.corrected").order_by("id")
    assert [(log.actor, log.detail["old"], log.detail["new"]) for log in logs] == [
        (mette, 3, 4),
        (lone, 4, 5),
    ]
    html = " ".join(fit_panel_html(course, mette).split())
    assert "ændret fra 3 til 4 af Mette Testesen 12.11.2026: tastefejl" in html
    assert "ændret fra 4 til 5 af Lone Testesen" in html


def test_it_refuses_a_correction_without_a_reason_or_to_the_same_value(course, mette, emma):
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=3, placed_on=today()
    )
    for kwargs, message in [
        ({"new_value": 4, "reason": "  "}, "Skriv, hvorfor placeringen rettes."),
        ({"new_value": 3, "reason": "fejl"}, "Den nye placering er den samme som den gamle."),
        ({"new_value": 12, "reason": "fejl"}, "Placeringen skal ligge mellem 1 og 10."),
    ]:
        with pytest.raises(ValidationError) as error:
            fit.correct_placement(placement, actor=mette, **kwargs)
        assert error.value.messages == [message]
    placement.refresh_from_db()
    assert placement.value == 3
    assert not PlacementCorrection.objects.exists()
    assert not AccessLog.objects.filter(event="placement.corrected").exists()


def test_the_panel_shows_start_to_end(course, mette, emma):
    fit.place_wellbeing(course, actor=mette, child=emma, moment="start", value=4, placed_on=today())
    fit.place_wellbeing(course, actor=mette, child=emma, moment="end", value=7, placed_on=today())
    html = " ".join(fit_panel_html(course, mette).split())
    assert "4 → 7" in html
    assert "Sårbar trivsel" in html and "God trivsel" in html


def test_it_places_and_corrects_through_the_views(client, course, mette, emma):
    login(client, mette)
    response = client.post(
        reverse("courses:place_wellbeing", args=[course.uuid]),
        {
            "trivsel-child": str(emma.uuid),
            "trivsel-moment": "start",
            "trivsel-value": "3",
            "trivsel-placed_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    placement = WellbeingPlacement.objects.get()
    assert placement.value == 3
    url = reverse("courses:correct_placement", args=[course.uuid, placement.uuid])
    prefix = f"ret-{placement.uuid}"
    response = client.post(
        url, {f"{prefix}-new_value": "4", f"{prefix}-reason": "tastefejl"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "ændret fra 3 til 4" in response.content.decode()
    placement.refresh_from_db()
    assert placement.value == 4


def test_a_second_start_through_the_view_shows_the_message(client, course, mette, emma):
    fit.place_wellbeing(course, actor=mette, child=emma, moment="start", value=4, placed_on=today())
    login(client, mette)
    response = client.post(
        reverse("courses:place_wellbeing", args=[course.uuid]),
        {
            "trivsel-child": str(emma.uuid),
            "trivsel-moment": "start",
            "trivsel-value": "5",
            "trivsel-placed_on": today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Startmålingen er allerede registreret. Ret den i stedet." in response.content.decode()
    assert WellbeingPlacement.objects.get().value == 4


def test_a_correction_of_another_courses_placement_is_404(
    client, course, mette, emma, jonas_family, jonas, ppr, oskar
):
    other = make_course_with_contacts(jonas_family, jonas, unit=ppr, contacts=1, offer_name="PPR-samtaler")
    theirs = fit.place_wellbeing(other, actor=jonas, child=oskar, moment="start", value=4, placed_on=today())
    login(client, mette)
    url = reverse("courses:correct_placement", args=[course.uuid, theirs.uuid])
    prefix = f"ret-{theirs.uuid}"
    response = client.post(url, {f"{prefix}-new_value": "5", f"{prefix}-reason": "x"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.value == 4
