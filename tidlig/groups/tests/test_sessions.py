"""Group sessions: the date inside the group's period, who came, one attendance row per participant."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.groups import services
from tidlig.groups.models import Attendance, Session
from tidlig.groups.tests.factories import add_child, make_group
from tidlig.lib.dates import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(prevention, mette):
    return make_group(prevention, mette)


@pytest.fixture
def three(group, mette, mette_family, emma, anne):
    """Emma, Anne and Ida on the group, in that order."""
    ida = add_child(mette_family)
    return [
        services.enroll(group, actor=mette, child=emma),
        services.enroll(group, actor=mette, guardian=anne),
        services.enroll(group, actor=mette, child=ida),
    ]


def session_data(enrollments, *, present, date=None, **extra) -> dict:
    data = {"date": (date or today() - dt.timedelta(days=1)).isoformat(), "note": "Tema: venskaber"}
    for enrollment in enrollments:
        if enrollment in present:
            data[f"p-{enrollment.uuid}-present"] = "on"
    data.update(extra)
    return data


def test_it_shows_one_row_per_enrolled_participant(client, group, three, mette):
    login(client, mette)
    response = client.get(reverse("groups:session", args=[group.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Emma Holm", "Anne Holm", "Ida Holm"):
        assert name in page
    assert page.count("Mødt") == 3
    assert "Børnegruppe" in page  # the strand select


def test_it_records_attendance_for_every_participant(client, group, three, mette):
    emma, anne, ida = three
    strand = group.strands.get(name="Børnegruppe")
    login(client, mette)

    response = client.post(
        reverse("groups:session", args=[group.uuid]),
        session_data(three, present=[emma, ida], strand=strand.pk),
        follow=True,
    )

    assert response.status_code == 200
    assert "2 af 3 mødt" in response.content.decode()
    session = Session.objects.get()
    assert (session.group, session.strand, session.note, session.recorded_by) == (
        group,
        strand,
        "Tema: venskaber",
        mette,
    )
    rows = {a.enrollment_id: a.present for a in Attendance.objects.filter(session=session)}
    assert rows == {emma.pk: True, anne.pk: False, ida.pk: True}
    log = AccessLog.objects.get(event="group.session_recorded")
    assert log.actor == mette
    assert log.detail == {"present": 2, "enrolled": 3}
    # The group page counts who came.
    page = client.get(group.get_absolute_url()).content.decode()
    assert "2 af 3" in page


def test_it_leaves_out_those_on_the_waiting_list_and_those_who_stopped(
    client, prevention, mette, emma, anne, mette_family
):
    group = make_group(prevention, mette, capacity=1)
    place = services.enroll(group, actor=mette, child=emma)
    services.enroll(group, actor=mette, guardian=anne)
    services.leave(place, actor=mette)  # Anne moves up, Emma has stopped
    login(client, mette)
    client.post(reverse("groups:session", args=[group.uuid]), session_data([], present=[]))
    assert [a.enrollment.guardian for a in Attendance.objects.all()] == [anne]


@pytest.mark.parametrize(
    "date",
    [today() + dt.timedelta(days=1), today() - dt.timedelta(days=60)],
    ids=["future", "before the group began"],
)
def test_it_refuses_a_date_outside_the_period_or_in_the_future(client, group, three, mette, date):
    login(client, mette)
    response = client.post(
        reverse("groups:session", args=[group.uuid]), session_data(three, present=three, date=date)
    )
    assert response.status_code == 400
    assert "Gruppemødet skal ligge i holdets periode og ikke i fremtiden." in response.content.decode()
    assert not Session.objects.exists()
    assert not Attendance.objects.exists()


def test_it_answers_404_to_others(client, group, three, sofie, jonas):
    for user in (sofie, jonas):
        login(client, user)
        url = reverse("groups:session", args=[group.uuid])
        assert client.get(url).status_code == 404
        assert client.post(url, session_data(three, present=three)).status_code == 404
    assert not Session.objects.exists()
