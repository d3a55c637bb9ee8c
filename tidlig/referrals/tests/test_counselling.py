"""The anonymous counselling log: statistics only, with no field that could identify anyone."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.lib.dates import today
from tidlig.referrals.models import AnonymousCounselling
from tidlig.referrals.services import record_anonymous_counselling

pytestmark = pytest.mark.django_db
URL = reverse("referrals:counselling")
IDENTIFYING = ("name", "cpr", "phone", "email", "mail_address", "address", "household", "child", "guardian")


def good(**changes) -> dict:
    data = {
        "date": today().isoformat(),
        "channel": "phone",
        "topic": "divorce",
        "age_band": "6-12",
        "duration_minutes": "25",
    }
    data.update(changes)
    return data


def test_it_has_no_field_that_identifies_anyone():
    names = [f.name for f in AnonymousCounselling._meta.get_fields()]
    assert not [n for n in names if any(word in n.lower() for word in IDENTIFYING)]
    assert set(names) == {
        "id",
        "unit",
        "date",
        "channel",
        "topic",
        "age_band",
        "duration_minutes",
        "recorded_by",
        "recorded_at",
    }


def test_it_shows_the_form_with_today_and_says_nothing_identifying_is_kept(client, mette):
    login(client, mette)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{today().isoformat()}"' in page
    assert "Der gemmes intet, der kan identificere barnet eller familien" in page
    assert "Enheden har ikke registreret nogen anonym rådgivning endnu." in page


def test_it_records_an_entry(client, mette, prevention):
    login(client, mette)
    response = client.post(URL, good())
    assert response.status_code == 302
    assert response["Location"] == URL
    entry = AnonymousCounselling.objects.get()
    assert entry.unit == prevention
    assert entry.recorded_by == mette
    assert (entry.date, entry.channel, entry.topic, entry.age_band, entry.duration_minutes) == (
        today(),
        "phone",
        "divorce",
        "6-12",
        25,
    )
    assert not AccessLog.objects.exclude(action=AccessLog.Action.LOGIN).exists()  # no person, no log row
    page = client.get(URL).content.decode()
    assert "Rådgivningen er registreret." in page
    assert "25 min." in page


def test_it_answers_htmx_with_the_log_only(client, kim, prevention):
    login(client, kim)
    response = client.post(URL, good(topic="grief"), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="counselling-log"' in page
    assert "Rådgivningen er registreret." in page
    assert AnonymousCounselling.objects.get().topic == "grief"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", (today() + dt.timedelta(days=1)).isoformat(), "Datoen ligger i fremtiden."),
        ("date", "", "Dette felt er påkrævet"),
        ("duration_minutes", "0", "Skriv en varighed mellem 1 og 480 minutter."),
        ("duration_minutes", "481", "Skriv en varighed mellem 1 og 480 minutter."),
        ("duration_minutes", "-5", "Skriv en varighed mellem 1 og 480 minutter."),
        ("duration_minutes", "en time", "Indtast et heltal"),
        ("channel", "pigeon", "Marker en gyldig valgmulighed"),
        ("age_band", "<script>", "Marker en gyldig valgmulighed"),
    ],
)
def test_it_refuses_bad_input(client, mette, field, value, message):
    login(client, mette)
    response = client.post(URL, good(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<script>" not in page.split("</header>", 1)[1].split("<footer")[0]
    assert not AnonymousCounselling.objects.exists()


def _logged_entries(page: str) -> str:
    return page.split("Seneste registreringer i enheden", 1)[1]


def test_it_shows_only_the_own_units_entries(client, mette, jonas):
    record_anonymous_counselling(
        actor=mette, date=today(), channel="chat", topic="grief", age_band="13-17", duration_minutes=17
    )
    record_anonymous_counselling(
        actor=jonas, date=today(), channel="mail", topic="diagnosis", age_band="0-5", duration_minutes=42
    )
    login(client, jonas)
    response = client.get(URL)
    entries = _logged_entries(response.content.decode())
    assert [e.duration_minutes for e in response.context["entries"]] == [42]
    assert "42 min." in entries
    assert "17 min." not in entries
    assert "Sorg og kriser" not in entries

    login(client, mette)
    assert [e.duration_minutes for e in client.get(URL).context["entries"]] == [17]


@pytest.mark.parametrize("persona", ["ali", "pia", "admin_user"])
def test_it_refuses_analysts_partners_and_administrators(client, request, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, good()).status_code == 403
    assert not AnonymousCounselling.objects.exists()
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED, actor=user).count() == 2
