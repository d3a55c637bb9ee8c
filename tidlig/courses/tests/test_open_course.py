"""Opening a course from an accepted referral: the start meeting, the workers and the family's goals."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses import services
from tidlig.courses.models import Course
from tidlig.courses.tests.factories import (
    accepted_referral,
    make_course,
    make_offer,
    screened_referral,
)
from tidlig.lib.dates import today
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db


def _form(offer, workers, **overrides):
    data = {
        "offer": offer.pk,
        "workers": [w.pk for w in workers],
        "start_meeting_on": today().isoformat(),
        "goal_1_text": "Vi spiser aftensmad sammen",
        "goal_1_rating": "4",
        "goal_2_text": "Emil sover i sin egen seng",
        "goal_2_rating": "",
    }
    data.update(overrides)
    return data


def test_it_opens_a_course_from_an_accepted_referral(client, lone, mette, sofie, prevention):
    referral = accepted_referral(prevention, lone, mette)
    offer = make_offer(prevention)
    login(client, mette)
    assert "Åbn forløb" in client.get(referral.get_absolute_url()).content.decode()
    page = client.get(reverse("courses:open", args=[referral.uuid]))
    assert page.status_code == 200
    assert "Mål 1 med familiens egne ord" in page.content.decode()
    assert f'value="{mette.pk}" class="form-checkbox" checked' in page.content.decode()

    response = client.post(reverse("courses:open", args=[referral.uuid]), _form(offer, [mette, sofie]))

    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert (course.referral, course.household, course.offer) == (referral, referral.household, offer)
    assert set(course.workers.all()) == {mette, sofie}
    assert [(g.text, g.start_rating) for g in course.goals.all()] == [
        ("Vi spiser aftensmad sammen", 4),
        ("Emil sover i sin egen seng", None),
    ]
    referral.refresh_from_db()
    assert referral.first_contact_at is not None
    assert AccessLog.objects.filter(event="course.opened", actor=mette).count() == 1
    assert "Gå til forløbet" in client.get(referral.get_absolute_url()).content.decode()


def test_it_refuses_to_open_a_second_course(client, lone, mette, prevention):
    referral = accepted_referral(prevention, lone, mette)
    offer = make_offer(prevention)
    login(client, mette)
    url = reverse("courses:open", args=[referral.uuid])
    assert client.post(url, _form(offer, [mette])).status_code == 302

    again = client.post(url, _form(offer, [mette], goal_1_text="Et andet mål"))

    assert again.status_code == 400
    assert services.ALREADY_HAS_COURSE in again.content.decode()
    assert Course.objects.count() == 1
    assert client.get(url)["Location"] == Course.objects.get().get_absolute_url()


def test_it_refuses_a_referral_that_is_not_accepted(client, lone, mette, prevention):
    new = make_referral(prevention, surname="Ny")
    screened = screened_referral(prevention, lone, surname="Screenet")
    offer = make_offer(prevention)
    login(client, lone)
    for referral in (new, screened):
        response = client.post(reverse("courses:open", args=[referral.uuid]), _form(offer, [mette]))
        assert response.status_code == 400
        assert services.NOT_ACCEPTED in response.content.decode()
    assert not Course.objects.exists()
    assert not AccessLog.objects.filter(event="course.opened").exists()


def test_it_needs_one_goal_and_a_start_meeting_that_has_happened(client, lone, mette, prevention):
    referral = accepted_referral(prevention, lone, mette)
    offer = make_offer(prevention)
    login(client, mette)
    url = reverse("courses:open", args=[referral.uuid])

    no_goal = client.post(url, _form(offer, [mette], goal_1_text="", goal_1_rating="", goal_2_text=""))
    future = client.post(
        url, _form(offer, [mette], start_meeting_on=(today() + dt.timedelta(days=1)).isoformat())
    )
    rating_only = client.post(url, _form(offer, [mette], goal_3_rating="5"))

    assert no_goal.status_code == future.status_code == rating_only.status_code == 400
    assert "Skriv mindst ét mål med familiens egne ord." in no_goal.content.decode()
    assert "Datoen kan ikke ligge i fremtiden." in future.content.decode()
    assert "Skriv målet, før du giver det en vurdering." in rating_only.content.decode()
    assert not Course.objects.exists()


def test_it_says_when_the_unit_has_no_offers(client, lone, mette, prevention):
    referral = accepted_referral(prevention, lone, mette)
    login(client, mette)
    page = client.get(reverse("courses:open", args=[referral.uuid]))
    assert "Enheden har ingen tilbud endnu" in page.content.decode()


def test_it_hides_the_referral_from_other_workers(client, lone, mette, sofie, jonas, prevention):
    referral = accepted_referral(prevention, lone, mette)
    offer = make_offer(prevention)
    for outsider in (jonas, sofie):
        login(client, outsider)
        url = reverse("courses:open", args=[referral.uuid])
        assert client.get(url).status_code == 404
        assert client.post(url, _form(offer, [outsider])).status_code == 404
        assert AccessLog.objects.filter(actor=outsider, action="denied").count() == 2
    assert not Course.objects.exists()


def test_it_lists_the_courses_each_user_may_see(client, lone, mette, kim, jonas, ali, prevention):
    course = make_course(prevention, lone, mette, offer=make_offer(prevention, max_contacts=5))
    for user in (mette, kim, lone):
        login(client, user)
        page = client.get(reverse("courses:list")).content.decode()
        assert course.household.name in page
        assert "0 af 5" in page
    login(client, jonas)
    assert course.household.name not in client.get(reverse("courses:list")).content.decode()
    login(client, ali)
    assert client.get(reverse("courses:list")).status_code == 403
    assert AccessLog.objects.filter(event="courses.course.list", actor=mette).count() == 1
