"""Answer mode: the worker hands the screen to the family, the session is locked to the questions until the
worker's password is typed, and the answers are saved as the family's own."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import PASSWORD, login
from tidlig.audit.models import AccessLog
from tidlig.courses.middleware import ANSWER_LOCK
from tidlig.courses.tests.factories import make_course_with_contacts
from tidlig.measurements.models import Response
from tidlig.measurements.open_instruments import CHILD_OUTCOME, METAFEEDBACK, OUTCOME
from tidlig.measurements.queries import active_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(mette_family, mette):
    return make_course_with_contacts(mette_family, mette, contacts=2)


def _start(client, course, respondent, code=CHILD_OUTCOME, contact="last"):
    contact_id = str(course.contacts.last().uuid) if contact == "last" else contact
    return client.post(
        reverse("courses:answer_mode", args=[course.uuid]),
        {
            "svar-respondent": respondent,
            "svar-instrument": active_instrument(code).pk,
            "svar-contact": contact_id,
        },
    )


@pytest.fixture
def locked(client, course, mette, emma):
    login(client, mette)
    response = _start(client, course, f"child:{emma.uuid}")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:answer_mode", args=[course.uuid])
    return client


def test_it_locks_the_session_to_the_answer_page(locked, course):
    answer_url = reverse("courses:answer_mode", args=[course.uuid])
    for path in ["/familier/", course.get_absolute_url(), "/", reverse("courses:list"), "/administration/"]:
        response = locked.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == answer_url
    htmx = locked.post(reverse("courses:record_scores", args=[course.uuid]), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == answer_url
    assert not Response.objects.exists()


def test_the_answer_page_has_one_labelled_slider_per_item(locked, course):
    response = locked.get(reverse("courses:answer_mode", args=[course.uuid]))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert html.count('type="range"') == 4
    # the answer is an empty number field; the slider has no name, so it never sends a value of its own
    assert 'id="id_item_1" name="item_1" min="0" max="10" step="1" value=""' in html
    assert 'id="id_item_1-slider" min="0" max="10" step="1" value="5"' in html
    assert '<label class="answer-label" id="id_item_1-label" for="id_item_1">Mig</label>' in html
    assert "Ked af det" in html and "Glad" in html
    assert "answer-mode.css" in html
    assert "Emma" in html
    assert "Anne" not in html  # nothing else about the family is on the family's screen


def test_answering_saves_a_response_in_answer_mode_and_thanks(locked, course, mette, emma):
    url = reverse("courses:answer_mode", args=[course.uuid])
    response = locked.post(
        url, {"item_1": "7", "item_2": "8", "item_3": "4", "item_4": "6", "submission_token": "t1"}
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.mode, saved.child, saved.role, saved.total, saved.entered_by) == (
        "answer_mode",
        emma,
        "child",
        Decimal(25),
        mette,
    )
    assert saved.contact == course.contacts.last()
    thanks = locked.get(url).content.decode()
    assert "Tak for dine svar" in thanks
    assert "Giv nu skærmen tilbage til Mette." in thanks
    # Answering again is not possible: the lock is done, the page only thanks.
    locked.post(url, {"item_1": "1", "item_2": "1", "item_3": "1", "item_4": "1"})
    assert Response.objects.count() == 1
    assert locked.get("/familier/").status_code == 302


def test_an_untouched_slider_is_no_answer(locked, course):
    """The family moved three sliders and left "Min familie" alone: nothing is stored, and the page says
    which answer is missing and keeps the three."""
    url = reverse("courses:answer_mode", args=[course.uuid])
    response = locked.post(url, {"item_1": "7", "item_2": "", "item_3": "4", "item_4": "6"})
    assert response.status_code == 400
    html = " ".join(response.content.decode().split())
    assert "Giv et svar på “Min familie”." in html
    assert "Giv et svar på “Mig”." not in html
    assert 'name="item_1" min="0" max="10" step="1" value="7"' in html
    assert 'name="item_2" min="0" max="10" step="1" value=""' in html
    assert not Response.objects.exists()
    response = locked.post(url, {"item_1": "7", "item_3": "4", "item_4": "6"})  # no field at all
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_an_invalid_answer_stays_on_the_page_with_the_message(locked, course):
    url = reverse("courses:answer_mode", args=[course.uuid])
    response = locked.post(url, {"item_1": "7", "item_2": "8", "item_3": "4", "item_4": "6.5"})
    assert response.status_code == 400
    assert "Svaret på “Det hele” skal være et helt tal." in response.content.decode()
    assert not Response.objects.exists()


def test_a_wrong_password_stays_locked_and_is_logged(locked, course, mette):
    unlock = reverse("courses:unlock", args=[course.uuid])
    assert locked.get(unlock).status_code == 200
    response = locked.post(unlock, {"password": "forkert"})
    assert response.status_code == 400
    assert "Adgangskoden er forkert. Skærmen er stadig låst." in response.content.decode()
    assert locked.get("/familier/").status_code == 302
    denied = AccessLog.objects.get(actor=mette, action="denied")
    assert denied.event == "courses.answer_mode_unlock.denied"
    assert locked.session[ANSWER_LOCK]["course"] == str(course.uuid)


def test_the_right_password_unlocks_and_returns_to_the_course(locked, course):
    response = locked.post(reverse("courses:unlock", args=[course.uuid]), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert ANSWER_LOCK not in locked.session
    assert locked.get(reverse("courses:answer_mode", args=[course.uuid])).status_code == 302
    assert locked.get("/familier/").status_code == 200


def test_too_many_wrong_passwords_log_the_session_out(locked, course):
    unlock = reverse("courses:unlock", args=[course.uuid])
    for _ in range(5):
        response = locked.post(unlock, {"password": "forkert"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert locked.get("/familier/")["Location"].startswith(reverse("login"))


def test_it_refuses_to_start_with_an_instrument_that_does_not_suit(client, course, mette, anne):
    login(client, mette)
    response = _start(client, course, f"guardian:{anne.uuid}", code=CHILD_OUTCOME)
    assert response.status_code == 400
    assert "passer ikke til Anne" in response.content.decode()
    assert ANSWER_LOCK not in client.session


def test_a_parent_answers_metafeedback_at_the_end_without_a_contact(client, course, mette, anne):
    login(client, mette)
    assert _start(client, course, f"guardian:{anne.uuid}", code=METAFEEDBACK, contact="").status_code == 302
    url = reverse("courses:answer_mode", args=[course.uuid])
    html = client.get(url).content.decode()
    assert html.count('type="range"') == 1 and html.count('type="radio"') == 2 and "<textarea" in html
    response = client.post(url, {"item_1": "yes", "item_2": "9", "item_3": "Tak"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.guardian, saved.contact, saved.total, saved.mode) == (anne, None, Decimal(9), "answer_mode")


def test_an_adult_answers_on_a_line_with_one_decimal(client, course, mette, anne):
    login(client, mette)
    _start(client, course, f"guardian:{anne.uuid}", code=OUTCOME)
    url = reverse("courses:answer_mode", args=[course.uuid])
    assert 'step="0.1"' in client.get(url).content.decode()
    client.post(url, {"item_1": "7.3", "item_2": "8.1", "item_3": "4", "item_4": "6.6"})
    assert Response.objects.get().total == Decimal("26.0")


def test_the_lock_is_404_for_another_units_worker(client, course, jonas, emma):
    login(client, jonas)
    assert _start(client, course, f"child:{emma.uuid}").status_code == 404
    assert ANSWER_LOCK not in client.session


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf"])
def test_it_refuses_a_number_that_is_not_finite_and_shows_the_slider_again(
    client, course, mette, anne, value
):
    login(client, mette)
    _start(client, course, f"guardian:{anne.uuid}", code=OUTCOME)
    url = reverse("courses:answer_mode", args=[course.uuid])
    response = client.post(url, {"item_1": value, "item_2": "8", "item_3": "4", "item_4": "6"})
    assert response.status_code == 400
    assert 'type="range"' in response.content.decode()
    assert not Response.objects.exists()
