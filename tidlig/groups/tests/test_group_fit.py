"""FIT in groups: the group alliance scale per participant per session, all or nothing, and the outcome
instrument at start and end in the version that suits the participant's age."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.groups import services
from tidlig.groups.models import Attendance, Session
from tidlig.groups.tests.factories import add_child, make_group
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response
from tidlig.measurements.open_instruments import CHILD_OUTCOME, GROUP_ALLIANCE, OUTCOME
from tidlig.measurements.queries import active_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(prevention, mette):
    return make_group(prevention, mette)


@pytest.fixture
def three(group, mette, mette_family, emma, anne):
    ida = add_child(mette_family)
    return [
        services.enroll(group, actor=mette, child=emma),
        services.enroll(group, actor=mette, guardian=anne),
        services.enroll(group, actor=mette, child=ida),
    ]


def post_session(client, group, rows: dict) -> object:
    """rows: enrollment -> (present, scores or None)."""
    data = {"date": (today() - dt.timedelta(days=1)).isoformat()}
    for enrollment, (present, scores) in rows.items():
        prefix = f"p-{enrollment.uuid}"
        if present:
            data[f"{prefix}-present"] = "on"
        for position, value in enumerate(scores or (), start=1):
            data[f"{prefix}-item_{position}"] = value
    return client.post(reverse("groups:session", args=[group.uuid]), data)


def test_it_saves_each_participants_group_alliance_with_the_session(client, group, three, mette):
    emma, anne, ida = three
    login(client, mette)

    response = post_session(
        client,
        group,
        {
            emma: (True, ("8", "7.5", "9", "10")),
            anne: (True, ("6", "6", "6.5", "7")),
            ida: (True, None),  # came, did not answer
        },
    )

    assert response.status_code == 302
    session = Session.objects.get()
    responses = {(r.child_id, r.guardian_id): r for r in Response.objects.all()}
    assert set(responses) == {(emma.child_id, None), (None, anne.guardian_id)}
    emmas, annes = responses[(emma.child_id, None)], responses[(None, anne.guardian_id)]
    instrument = active_instrument(GROUP_ALLIANCE)
    for r in (emmas, annes):
        assert (r.instrument, r.group, r.group_session, r.entered_by) == (instrument, group, session, mette)
    assert (emmas.role, emmas.total) == ("child", Decimal("34.5"))
    assert (annes.role, annes.total) == ("parent", Decimal("25.5"))
    assert ItemScore.objects.filter(response=emmas).count() == 4
    assert AccessLog.objects.filter(event="group.fit_recorded", actor=mette).count() == 2
    # The group page shows the mean and how many answered.
    page = client.get(group.get_absolute_url()).content.decode()
    assert "<td>30</td>" in page  # (34.5 + 25.5) / 2
    assert "3 af 3" in page


def test_an_invalid_score_stores_nothing_at_all(client, group, three, mette):
    emma, anne, ida = three
    login(client, mette)

    response = post_session(
        client,
        group,
        {
            emma: (True, ("8", "8", "8", "8")),
            anne: (True, ("6", "11", "6", "6")),
            ida: (False, None),
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "skal ligge mellem 0 og 10" in page
    assert "Intet er gemt endnu." in page
    # The message sits with Anne's answers, and Emma's typed answers are kept in the form.
    assert page.index("Anne Holm") < page.index("skal ligge mellem 0 og 10")
    assert 'value="8"' in page
    assert not Session.objects.exists()
    assert not Attendance.objects.exists()
    assert not Response.objects.exists()
    assert not AccessLog.objects.filter(event__in=["group.session_recorded", "group.fit_recorded"]).exists()


def test_a_half_answered_row_is_an_error_not_a_silent_skip(client, group, three, mette):
    emma, anne, _ida = three
    login(client, mette)
    response = post_session(client, group, {emma: (True, ("8", "", "8", "8")), anne: (True, None)})
    assert response.status_code == 400
    assert "Giv et svar på" in response.content.decode()
    assert not Session.objects.exists()
    assert not Response.objects.exists()


def test_only_those_who_came_can_answer(client, group, three, mette):
    emma, _anne, _ida = three
    login(client, mette)
    response = post_session(client, group, {emma: (False, ("8", "8", "8", "8"))})
    assert response.status_code == 400
    assert "Kun deltagere, der er mødt" in response.content.decode()
    assert not Session.objects.exists()


def test_it_records_the_outcome_in_the_version_for_the_participants_age(client, group, three, mette):
    emma, anne, _ida = three
    child_version, adult_version = active_instrument(CHILD_OUTCOME), active_instrument(OUTCOME)
    login(client, mette)
    page = client.get(group.get_absolute_url()).content.decode()
    assert child_version.name in page and adult_version.name in page

    url = reverse("groups:outcome", args=[group.uuid])
    child_prefix, adult_prefix = f"trivsel{child_version.pk}", f"trivsel{adult_version.pk}"
    emmas = client.post(
        url,
        {
            "instrument": child_version.pk,
            f"{child_prefix}-enrollment": emma.uuid,
            **{f"{child_prefix}-item_{n}": "5" for n in range(1, 5)},
        },
    )
    annes = client.post(
        url,
        {
            "instrument": adult_version.pk,
            f"{adult_prefix}-enrollment": anne.uuid,
            **{f"{adult_prefix}-item_{n}": "6.5" for n in range(1, 5)},
        },
    )

    assert emmas.status_code == annes.status_code == 302
    by_person = {(r.child_id, r.guardian_id): r for r in Response.objects.all()}
    emma_r, anne_r = by_person[(emma.child_id, None)], by_person[(None, anne.guardian_id)]
    assert (emma_r.instrument, emma_r.role, emma_r.total, emma_r.group_session) == (
        child_version,
        "child",
        Decimal("20"),
        None,
    )
    assert (anne_r.instrument, anne_r.role, anne_r.total) == (adult_version, "parent", Decimal("26"))


def test_it_refuses_the_adult_version_for_a_child_and_a_half_step_on_the_child_version(
    client, group, three, mette
):
    emma, _anne, _ida = three
    login(client, mette)
    url = reverse("groups:outcome", args=[group.uuid])
    adult, child = active_instrument(OUTCOME), active_instrument(CHILD_OUTCOME)
    wrong_version = client.post(
        url,
        {
            "instrument": adult.pk,
            f"trivsel{adult.pk}-enrollment": emma.uuid,
            **{f"trivsel{adult.pk}-item_{n}": "5" for n in range(1, 5)},
        },
    )
    half_step = client.post(
        url,
        {
            "instrument": child.pk,
            f"trivsel{child.pk}-enrollment": emma.uuid,
            **{f"trivsel{child.pk}-item_{n}": "5.5" for n in range(1, 5)},
        },
    )
    assert wrong_version.status_code == half_step.status_code == 400
    assert "skal være et helt tal" in half_step.content.decode()
    assert not Response.objects.exists()


def _years_ago(years: int, days: int = 0) -> dt.date:
    on = today() - dt.timedelta(days=days)
    return on.replace(year=on.year - years)


def test_the_service_refuses_an_instrument_outside_the_childs_age_band(group, mette, mette_family):
    from django.core.exceptions import ValidationError

    seven = services.enroll(group, actor=mette, child=add_child(mette_family, "Liv", _years_ago(7)))
    session = services.record_session(
        group, actor=mette, date=today() - dt.timedelta(days=1), present={seven.pk}
    )
    with pytest.raises(ValidationError) as refused:
        services.record_group_response(
            actor=mette,
            group=group,
            enrollment=seven,
            instrument=active_instrument(GROUP_ALLIANCE),  # from 8 years
            scores={1: "8", 2: "8", 3: "8", 4: "8"},
            session=session,
        )
    assert "passer ikke til Liv Holms alder eller rolle" in str(refused.value)
    assert not Response.objects.exists()


def test_the_role_is_the_childs_on_the_sessions_day_not_today(group, mette, mette_family):
    # 13 today, 12 on the session's day a week ago: answered as a child then
    birthday = today() - dt.timedelta(days=3)
    born = birthday.replace(year=birthday.year - 13)
    enrollment = services.enroll(group, actor=mette, child=add_child(mette_family, "Mads", born))
    day = today() - dt.timedelta(days=7)
    if day < group.starts_on:
        pytest.skip("the group started less than a week ago")
    session = services.record_session(group, actor=mette, date=day, present={enrollment.pk})
    response = services.record_group_response(
        actor=mette,
        group=group,
        enrollment=enrollment,
        instrument=active_instrument(GROUP_ALLIANCE),
        scores={1: "8", 2: "8", 3: "8", 4: "8"},
        session=session,
    )
    assert response.role == Response.Role.CHILD
