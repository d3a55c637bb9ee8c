"""Recording FIT responses: range, step, role, age and household are checked; totals; one response per token;
the panel's views, who may use them, and the flagged courses on the home pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses import queries
from tidlig.courses.context_fit import panel_context
from tidlig.courses.services import close_course, fit
from tidlig.courses.tests.factories import fit_panel_html, make_course_with_contacts
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response
from tidlig.measurements.open_instruments import ALLIANCE, CHILD_OUTCOME, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument

pytestmark = pytest.mark.django_db


def scores(*values) -> dict:
    return {position: Decimal(str(v)) for position, v in enumerate(values, start=1)}


@pytest.fixture
def course(mette_family, mette):
    return make_course_with_contacts(mette_family, mette)


def _record(course, actor, *, code=OUTCOME, role="parent", values=(5, 5, 5, 5), contact="last", **extra):
    person = {"guardian": course.household.guardians.get()} if role == "parent" else {}
    person.update(extra.pop("person", {}))
    return fit.record_response(
        course,
        actor=actor,
        instrument=active_instrument(code),
        role=role,
        contact=course.contacts.last() if contact == "last" else contact,
        scores=extra.pop("scores", None) or scores(*values),
        **person,
        **extra,
    )


def test_it_records_a_typed_outcome_with_its_total_and_an_audit_row(course, mette, anne):
    response = _record(course, mette, values=("5.5", "6.1", 7, "3.4"))
    assert response.total == Decimal("22.0")
    assert (response.role, response.guardian, response.mode, response.entered_by) == (
        "parent",
        anne,
        "typed",
        mette,
    )
    assert sorted(ItemScore.objects.filter(response=response).values_list("value", flat=True)) == [
        Decimal("3.4"),
        Decimal("5.5"),
        Decimal("6.1"),
        Decimal("7.0"),
    ]
    log = AccessLog.objects.get(event="response.recorded")
    assert log.actor == mette
    assert log.detail["instrument"] == OUTCOME
    assert list(log.subjects.values_list("person_type", flat=True)) == ["guardian"]


def _refused(course, actor, message, **kwargs):
    with pytest.raises(ValidationError) as error:
        _record(course, actor, **kwargs)
    assert message in " ".join(error.value.messages)
    assert not Response.objects.exists()
    assert not AccessLog.objects.filter(event="response.recorded").exists()


def test_it_refuses_a_value_outside_the_items_range(course, mette):
    _refused(course, mette, "Svaret på “Alt i alt” skal ligge mellem 0 og 10.", values=(5, 5, 5, "10.5"))
    _refused(
        course,
        mette,
        "Svaret på “Mig selv: hvordan har jeg det?” skal ligge mellem 0 og 10.",
        values=(-1, 5, 5, 5),
    )


def test_it_refuses_more_precision_than_the_instruments_step(course, mette, emma):
    _refused(course, mette, "Svaret på “Alt i alt” må højst have én decimal.", values=(5, 5, 5, "5.55"))
    _refused(
        course,
        mette,
        "Svaret på “Det hele” skal være et helt tal.",
        code=CHILD_OUTCOME,
        role="child",
        person={"child": emma},
        values=(5, 5, 5, "5.5"),
    )


def test_it_refuses_a_missing_item(course, mette):
    _refused(
        course, mette, "Giv et svar på “Alt i alt”.", scores={1: Decimal(5), 2: Decimal(5), 3: Decimal(5)}
    )


def test_it_refuses_a_role_the_instrument_is_not_for(course, mette, anne):
    _refused(course, mette, "“Sådan har jeg det (børn)” besvares ikke af forælder.", code=CHILD_OUTCOME)


def test_it_refuses_a_child_outside_the_instruments_age_band(course, mette, emma):
    # Emma is 9: the adult version starts at 13.
    _refused(
        course,
        mette,
        "“Sådan har jeg det” passer til alderen fra 13 år. Emma er 9 år.",
        role="young",
        person={"child": emma},
    )


def test_it_refuses_a_child_of_another_household(course, mette, oskar):
    _refused(
        course,
        mette,
        "Personen hører ikke til familien i forløbet.",
        code=CHILD_OUTCOME,
        role="child",
        person={"child": oskar},
    )


def test_it_refuses_a_contact_of_another_course(course, mette, jonas_family, jonas, ppr):
    other = make_course_with_contacts(jonas_family, jonas, unit=ppr, contacts=1, offer_name="PPR-samtaler")
    _refused(course, mette, "Kontakten hører ikke til forløbet.", contact=other.contacts.get())


def test_it_refuses_answers_on_a_closed_course(course, mette):
    close_course(
        course, actor=mette, reason="improved", closed_on=today(), missing_measurements_reason="Flyttet"
    )
    _refused(course, mette, "Forløbet er afsluttet og kan ikke ændres.")


def test_it_totals_metafeedback_as_the_respect_score_and_keeps_yes_no_and_text(course, mette):
    response = _record(
        course,
        mette,
        code=METAFEEDBACK,
        contact=None,
        scores={1: True, 2: Decimal(8), 3: "Godt at blive hørt"},
    )
    assert response.total == Decimal(8)
    assert response.contact is None
    stored = {s.item.position: (s.value, s.text) for s in response.scores.select_related("item")}
    assert stored == {1: (Decimal(1), ""), 2: (Decimal(8), ""), 3: (None, "Godt at blive hørt")}


def test_it_refuses_metafeedback_without_a_yes_or_no_and_with_too_long_text(course, mette):
    message = "Svar ja eller nej på “Har barnet oplevet at blive inddraget i forløbet?”."
    _refused(course, mette, message, code=METAFEEDBACK, scores={1: "ja", 2: Decimal(8)})
    too_long = "x" * 2001
    _refused(
        course,
        mette,
        "højst være 2000 tegn",
        code=METAFEEDBACK,
        scores={1: False, 2: Decimal(8), 3: too_long},
    )


def test_it_records_one_response_for_a_repeated_submission_token(course, mette):
    first = _record(course, mette, submission_token="abc123")
    second = _record(course, mette, values=(1, 1, 1, 1), submission_token="abc123")
    assert first == second
    assert Response.objects.count() == 1
    assert AccessLog.objects.filter(event="response.recorded").count() == 1


# The views ---------------------------------------------------------------------------------------


def _score_post(course, instrument, respondent, values, **extra):
    prefix = f"fit{instrument.pk}"
    data = {
        "instrument": instrument.pk,
        f"{prefix}-respondent": respondent,
        f"{prefix}-contact": str(course.contacts.last().uuid),
        f"{prefix}-submission_token": "tok-1",
    }
    data.update({f"{prefix}-item_{n}": v for n, v in enumerate(values, start=1)})
    data.update(extra)
    return data


def test_it_records_typed_scores_and_redirects_without_javascript(client, course, mette, anne):
    login(client, mette)
    instrument = active_instrument(OUTCOME)
    response = client.post(
        reverse("courses:record_scores", args=[course.uuid]),
        _score_post(course, instrument, f"guardian:{anne.uuid}", ["5.5", "6", "7", "8"]),
    )
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    saved = Response.objects.get()
    assert (saved.total, saved.guardian, saved.contact, saved.mode) == (
        Decimal("26.5"),
        anne,
        course.contacts.last(),
        "typed",
    )


def test_it_returns_the_panel_to_htmx(client, course, mette, emma):
    login(client, mette)
    instrument = active_instrument(CHILD_OUTCOME)
    response = client.post(
        reverse("courses:record_scores", args=[course.uuid]),
        _score_post(course, instrument, f"child:{emma.uuid}", ["5", "6", "7", "8"]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="fit-panel"' in html
    assert "Svarene på “Sådan har jeg det (børn)” er gemt." in html
    assert "<svg" in html
    assert Response.objects.get().child == emma


def test_it_shows_the_item_error_on_a_form_page_without_javascript(client, course, mette, anne):
    login(client, mette)
    instrument = active_instrument(OUTCOME)
    response = client.post(
        reverse("courses:record_scores", args=[course.uuid]),
        _score_post(course, instrument, f"guardian:{anne.uuid}", ["5", "6", "7", "11"]),
    )
    assert response.status_code == 400
    assert "Svaret på “Alt i alt” skal ligge mellem 0 og 10." in response.content.decode()
    assert not Response.objects.exists()


def test_it_refuses_an_instrument_that_does_not_suit_the_respondent(client, course, mette, anne):
    login(client, mette)
    instrument = active_instrument(CHILD_OUTCOME)
    response = client.post(
        reverse("courses:record_scores", args=[course.uuid]),
        _score_post(course, instrument, f"guardian:{anne.uuid}", ["5", "6", "7", "8"]),
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def _routes(course, placement_uuid):
    return [
        ("post", reverse("courses:record_scores", args=[course.uuid])),
        ("post", reverse("courses:place_wellbeing", args=[course.uuid])),
        ("post", reverse("courses:correct_placement", args=[course.uuid, placement_uuid])),
        ("post", reverse("courses:answer_mode", args=[course.uuid])),
        ("get", reverse("courses:answer_mode", args=[course.uuid])),
        ("get", reverse("courses:unlock", args=[course.uuid])),
    ]


def test_the_views_are_404_for_another_units_worker_and_logged(client, course, mette, emma, jonas):
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=4, placed_on=today()
    )
    login(client, jonas)
    for method, url in _routes(course, placement.uuid):
        assert getattr(client, method)(url).status_code == 404, url
    assert AccessLog.objects.filter(actor=jonas, action="denied").count() == 6
    assert Response.objects.count() == 0


def test_the_views_are_403_for_an_analyst(client, course, mette, emma, ali):
    placement = fit.place_wellbeing(
        course, actor=mette, child=emma, moment="start", value=4, placed_on=today()
    )
    login(client, ali)
    for method, url in _routes(course, placement.uuid):
        assert getattr(client, method)(url).status_code == 403, url


# The panel ---------------------------------------------------------------------------------------


def test_the_panel_offers_suitable_forms_to_the_courses_worker(course, mette):
    html = fit_panel_html(course, mette)
    for text in (
        "FIT: trivsel og samarbejde",
        "Trivselslinealen",
        "Metafeedback",
        "Giv skærmen til familien",
    ):
        assert text in html
    context = panel_context(course, mette)["fit"]
    # Emma (9) gets the child versions, Anne the adult ones; metafeedback is its own entry.
    codes = {f.instrument.code for f in context["score_forms"]}
    assert codes == {OUTCOME, ALLIANCE, CHILD_OUTCOME, "tidlig-samarbejde-barn"}
    assert [f.instrument.code for f in context["metafeedback_forms"]] == [METAFEEDBACK]
    child_form = next(f for f in context["score_forms"] if f.instrument.code == CHILD_OUTCOME)
    # who answered starts empty: a fact is chosen, never defaulted
    assert [label for _, label in child_form.fields["respondent"].choices] == ["Vælg", "Emma, 9 år (barnet)"]
    assert 'step="1"' in str(child_form["item_1"])
    adult_form = next(f for f in context["score_forms"] if f.instrument.code == OUTCOME)
    assert 'step="0.1"' in str(adult_form["item_1"])


def test_the_panel_shows_no_forms_to_the_coordinator_or_on_a_closed_course(course, mette, kim):
    assert "Gem svarene" not in fit_panel_html(course, kim)
    close_course(
        course, actor=mette, reason="improved", closed_on=today(), missing_measurements_reason="Flyttet"
    )
    course.refresh_from_db()
    html = fit_panel_html(course, mette)
    assert "Gem svarene" not in html
    assert "Giv skærmen til familien" not in html


def test_it_lists_flagged_courses_in_a_constant_number_of_queries(
    course, mette, anne, django_assert_max_num_queries
):
    contacts = list(course.contacts.all())
    for contact, values in zip(contacts, [(5, 5, 5, 5), (5, 5, 5, 6), (5, 5, 6, 6)], strict=True):
        _record(course, mette, values=values, contact=contact)
    with django_assert_max_num_queries(8) as one:
        flagged = queries.flagged_courses_for(mette)
    assert [(c, len(reasons)) for c, reasons in flagged] == [(course, 1)]
    assert "Ikke på sporet: efter 3 kontakter er trivslen ikke steget med mindst 5 point" in flagged[0][1][0]
    for n in range(3):
        more = make_course_with_contacts(course.household, mette, offer_name=f"Tilbud {n}")
        for contact in more.contacts.all():
            _record(more, mette, values=(5, 5, 5, 5), contact=contact)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(queries.flagged_courses_for(mette)) == 4
