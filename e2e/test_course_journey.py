"""A course, end to end: Mette opens a course on Familien Lund's referral at the start meeting, places Emil
on the Trivselslineal, records five contacts with the mother's FIT scores, hands a tablet to Emil for his
own answers, sees the course stall and flagged, hits the offer's limit and asks Lone for more; Lone
approves; Mette records the sixth contact, the end measurements and the metafeedback, closes the course
and downloads it as a PDF."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import assert_accessible, login
from tidlig.courses.models import Course
from tidlig.courses.tests.factories import accepted_referral, make_offer
from tidlig.lib.dates import today
from tidlig.measurements.services import install_reference_data

# why: serialized_rollback restores the rows migrations made (ladder steps, instruments), which
# the flush after a transactional test would otherwise take from every later test on the worker
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MOTHER = "Sara Lund (forælder)"
CHILD = "Emil, 10 år (barnet)"
OUTCOME = "Sådan har jeg det: trivsel, fra 13 år"
ALLIANCE = "Sådan var mødet: samarbejde, fra 13 år"
CHILD_OUTCOME = "Sådan har jeg det (børn): trivsel, 6-12 år"
OUTCOME_ITEMS = [
    "Mig selv: hvordan har jeg det?",
    "Familien: hvordan går det derhjemme?",
    "Skole, arbejde og venner",
    "Alt i alt",
]
ALLIANCE_ITEMS = [
    "Jeg følte mig hørt og respekteret",
    "Vi talte om det, jeg gerne ville tale om",
    "Måden, vi arbejdede på, passede til mig",
    "Alt i alt var mødet godt for mig",
]
# The mother's outcome stalls (20 → 21: far from the reliable change of 5); the alliance is good (38).
OUTCOME_SCORES = [
    ("5", "5", "5", "5"),
    ("5", "5", "5", "5.5"),
    ("5", "5", "5.5", "5.5"),
    ("5.5", "5", "5", "5.5"),
]
ALLIANCE_SCORES = ("9.5", "9.5", "9.5", "9.5")
# date offset in days, kind, place, extra fields
CONTACTS = [
    (6, "Samtale", "Hjemme", {}),
    (5, "Telefon", "Digitalt", {}),
    (4, "Netværksmøde", "Skole", {"Fagpersoner": "Klasselærer Pia"}),
    (3, "Video", "Digitalt", {}),
    (2, "Samtale", "Kontoret", {}),
]
START_OFFSET = 7


@pytest.fixture
def tablet(browser):
    context = browser.new_context(
        viewport={"width": 820, "height": 1180}, is_mobile=True, has_touch=True, locale="da-DK"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def family_referral(prevention, mette, lone):
    """Familien Lund's referral, accepted and given to Mette; Emil is 10, his mother Sara answers too."""
    install_reference_data()  # what the migrations made; a transactional test flushes it
    make_offer(prevention, max_contacts=5, max_network_meetings=1)
    return accepted_referral(prevention, lone, mette)


def _day(offset: int) -> dt.date:
    return today() - dt.timedelta(days=offset)


def _log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Tidlig")


def _details(page, summary: str):
    details = page.locator("#fit-panel details").filter(has=page.locator("summary", has_text=summary))
    expect(details).to_have_count(1)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def _contact_option(n: int, offset: int, kind: str) -> str:
    return f"{n}. {_day(offset):%d.%m.%Y} {kind.lower()}"


def _mette_opens_the_course(page, live_server, referral) -> Course:
    login(page, live_server, "mette", PASSWORD)
    page.goto(f"{live_server.url}{referral.get_absolute_url()}")
    page.get_by_role("link", name="Åbn forløb", exact=True).click()
    family = referral.household.name
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Åbn forløb for {family}")
    assert_accessible(page)
    page.get_by_label("Tilbud").select_option(label="Familiesamtaler")
    expect(page.get_by_label("Mette Testesen")).to_be_checked()
    page.get_by_label("Dato for opstartsmødet").fill(_day(START_OFFSET).isoformat())
    page.get_by_label("Mål 1 med familiens egne ord").fill("Emil går glad i skole om morgenen")
    page.get_by_label("Mål 1: vurdering ved start (0-10)").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Åbn forløbet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Forløb med {family}")
    expect(page.get_by_text("Forløbet er åbnet. Registrér kontakterne her.")).to_be_visible()
    expect(page.get_by_text("Emil går glad i skole om morgenen")).to_be_visible()
    expect(page.locator("#limits")).to_contain_text("0 af 5 kontakter brugt, heraf 0 af 1 netværksmøder")
    assert_accessible(page)
    return Course.objects.get(referral=referral)


def _place_emil(page, moment: str, value: str) -> None:
    form = _details(page, "Placér et barn på Trivselslinealen").locator("form")
    form.get_by_label("Barn").select_option(label="Emil Lund")
    form.get_by_role("group", name="Tidspunkt").get_by_label(moment, exact=True).check()
    form.get_by_label(value).check()
    form.get_by_role("button", name="Gem placeringen").click()
    expect(page.get_by_text("Placeringen på Trivselslinealen er gemt.")).to_be_visible()


def _record_contact(page, n: int, offset: int, kind: str, place: str, extra: dict) -> None:
    contacts = page.get_by_role("region", name="Kontakter")
    contacts.get_by_label("Dato", exact=True).fill(_day(offset).isoformat())
    contacts.get_by_label("Varighed (minutter)").fill("60")
    contacts.get_by_role("group", name="Type").get_by_label(kind, exact=True).check()
    contacts.get_by_role("group", name="Sted").get_by_label(place, exact=True).check()
    contacts.get_by_label("Deltagere fra familien").fill("Sara og Emil")
    for label, value in extra.items():
        contacts.get_by_label(label).fill(value)
    contacts.get_by_role("button", name="Gem kontakten").click()
    expect(page.locator("#limits")).to_contain_text(f"{n} af 5 kontakter brugt")
    expect(page.get_by_role("status").filter(has_text="Kontakten er gemt")).to_be_visible()
    expect(page.get_by_role("region", name="Kontakter").get_by_role("row")).to_have_count(n + 1)


def _type_scores(page, summary: str, contact: str, items: list[str], scores, saved: str) -> None:
    details = _details(page, summary)
    form = details.locator("form")
    form.get_by_label("Hvem har svaret?").select_option(label=MOTHER)
    # The contact just saved with htmx must be there to choose, without reloading the page; otherwise the
    # scores go to the previous contact (the select's default), or cannot be saved at the first contact.
    option = form.get_by_label("Kontakt", exact=True).locator("option", has_text=contact)
    expect(option, "the FIT panel does not offer the contact just saved").to_have_count(1)
    form.get_by_label("Kontakt", exact=True).select_option(label=contact)
    for label, score in zip(items, scores, strict=True):
        form.get_by_label(label, exact=True).fill(score)
    form.get_by_role("button", name="Gem svarene").click()
    expect(page.get_by_text(f"Svarene på “{saved}” er gemt.")).to_be_visible()


def _five_contacts_with_the_mothers_scores(page) -> None:
    for n, (offset, kind, place, extra) in enumerate(CONTACTS, start=1):
        _record_contact(page, n, offset, kind, place, extra)
        if n > len(OUTCOME_SCORES):
            continue  # Emil answers at the fifth contact himself, on the tablet
        contact = _contact_option(n, offset, kind)
        _type_scores(page, OUTCOME, contact, OUTCOME_ITEMS, OUTCOME_SCORES[n - 1], "Sådan har jeg det")
        _type_scores(page, ALLIANCE, contact, ALLIANCE_ITEMS, ALLIANCE_SCORES, "Sådan var mødet")
        if n == 3:
            flag = page.get_by_role("alert").filter(has_text="Forløbet er måske ikke på sporet")
            not_on_track = "Ikke på sporet: efter 3 kontakter er trivslen ikke steget med mindst 5 point"
            expect(flag).to_contain_text(f"Sara (forælder): {not_on_track}")
    table = page.get_by_role("table", name="Scorer pr. kontakt for Sara (forælder)")
    expect(table.get_by_role("row")).to_have_count(1 + len(OUTCOME_SCORES))
    expect(table.get_by_role("row").nth(4)).to_contain_text("21")
    expect(table.get_by_role("row").nth(4)).to_contain_text("38")


def _emil_answers_on_the_tablet(tablet, live_server, course) -> None:
    login(tablet, live_server, "mette", PASSWORD)
    course_url = f"{live_server.url}{course.get_absolute_url()}"
    tablet.goto(course_url)
    form = tablet.locator("#fit-panel form").filter(
        has=tablet.get_by_role("button", name="Giv skærmen til familien")
    )
    form.get_by_label("Hvem svarer?").select_option(label=CHILD)
    form.get_by_label("Måleredskab").select_option(label=CHILD_OUTCOME)
    offset, kind, _place, _extra = CONTACTS[4]
    form.get_by_label("Kontakt").select_option(label=_contact_option(5, offset, kind))
    with tablet.expect_navigation():
        form.get_by_role("button", name="Giv skærmen til familien").tap()
    answer_url = f"{live_server.url}/forloeb/{course.uuid}/svar/"
    expect(tablet).to_have_url(answer_url)
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Sådan har jeg det (børn)")
    expect(tablet.get_by_text("Emil, flyt hver markør hen, hvor det passer for dig.")).to_be_visible()
    assert_accessible(tablet)

    mig = tablet.get_by_role("slider", name="Mig", exact=True)
    mig.focus()
    mig.press("ArrowRight")
    mig.press("ArrowRight")
    expect(mig).to_have_attribute("aria-valuetext", "7 af 10")
    family = tablet.get_by_role("slider", name="Min familie", exact=True)
    family.focus()
    family.press("End")
    expect(family).to_have_attribute("aria-valuetext", "10 af 10")
    school = tablet.get_by_role("slider", name="Skolen", exact=True)
    school.focus()
    school.press("ArrowLeft")
    expect(school).to_have_attribute("aria-valuetext", "4 af 10")
    everything = tablet.get_by_role("slider", name="Det hele", exact=True)
    everything.focus()
    everything.press("ArrowRight")
    expect(everything).to_have_attribute("aria-valuetext", "6 af 10")
    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Send mine svar").tap()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")
    expect(tablet.get_by_text("Giv nu skærmen tilbage til Mette.")).to_be_visible()

    # The screen stays locked: a typed address bounces back to the answer screen.
    tablet.goto(f"{live_server.url}/familier/")
    expect(tablet).to_have_url(answer_url)
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")

    tablet.get_by_role("link", name="Medarbejderen: lås skærmen op").tap()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Lås skærmen op")
    assert_accessible(tablet)
    tablet.get_by_label("Medarbejderens adgangskode").fill(PASSWORD)
    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Lås op").tap()
    expect(tablet).to_have_url(course_url)
    expect(tablet.get_by_text("Skærmen er låst op.")).to_be_visible()
    emil = tablet.get_by_role("table", name="Scorer pr. kontakt for Emil (barnet)")
    expect(emil.get_by_role("row").nth(1)).to_contain_text("27")


def _mette_sees_the_stall_and_asks_for_more(page) -> None:
    page.reload()
    panel = page.locator("#fit-panel")
    expect(panel.locator("svg[role=img]").first).to_be_visible()
    expect(panel.locator("svg[role=img]")).to_have_count(2)  # Emil's and Sara's
    expect(panel.get_by_role("alert")).to_contain_text("Ikke på sporet")
    expect(panel.get_by_role("alert")).to_contain_text(
        "Sara (forælder): Ikke på sporet: efter 4 kontakter er trivslen ikke steget med mindst 5 point"
    )
    expect(page.locator("#limits")).to_contain_text("Grænsen er nået. Bed lederen om en forlængelse.")
    assert_accessible(page)

    _fill_sixth_contact(page)
    contacts = page.get_by_role("region", name="Kontakter")
    expect(contacts.get_by_text("Forløbet har nået grænsen på 5 kontakter")).to_be_visible()
    expect(page.locator("#limits")).to_contain_text("5 af 5 kontakter brugt")

    # The label must belong to the extension form's radio (not to a same-id radio in the contact form).
    page.get_by_role("group", name="Hvad skal forlænges?").get_by_label("Flere kontakter").check()
    page.get_by_label("Hvor mange ekstra?").fill("2")
    page.get_by_label("Begrundelse til lederen").fill(
        "Trivslen står stille. To samtaler mere til at justere indsatsen og afslutte ordentligt."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Bed lederen om en forlængelse").click()
    expect(page.get_by_text("Anmodningen er sendt til lederen.")).to_be_visible()
    expect(page.get_by_text("Flere kontakter +2: Afventer")).to_be_visible()
    _log_out(page)


def _fill_sixth_contact(page) -> None:
    contacts = page.get_by_role("region", name="Kontakter")
    contacts.get_by_label("Dato", exact=True).fill(_day(1).isoformat())
    contacts.get_by_label("Varighed (minutter)").fill("45")
    contacts.get_by_role("group", name="Type").get_by_label("Samtale", exact=True).check()
    contacts.get_by_role("group", name="Sted").get_by_label("Hjemme", exact=True).check()
    contacts.get_by_role("button", name="Gem kontakten").click()


def _lone_approves(page, live_server, course) -> None:
    login(page, live_server, "lone", PASSWORD)
    page.get_by_role("link", name="Godkend eller afvis").click()  # the leader's home page card
    expect(page.get_by_role("heading", level=1)).to_have_text("Forlængelser, der venter")
    family = course.household.name
    request = page.get_by_role("region", name=family)
    expect(request).to_contain_text("Flere kontakter +2")
    expect(request).to_contain_text("5 af 5 kontakter brugt, heraf 1 af 1 netværksmøder.")
    expect(request).to_contain_text("Trivslen står stille.")
    assert_accessible(page)
    request.get_by_label("Godkend").check()
    request.get_by_label("Bemærkning").fill("Godkendt. Tag forløbet op på næste sparring.")
    with page.expect_navigation():
        request.get_by_role("button", name="Gem beslutning").click()
    expect(page.get_by_text(f"Forlængelsen er godkendt for {family}.")).to_be_visible()
    expect(page.get_by_text("Ingen forlængelser venter på dig.")).to_be_visible()
    assert_accessible(page)
    _log_out(page)


def _mette_ends_and_closes(page, live_server, course) -> None:
    login(page, live_server, "mette", PASSWORD)
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    expect(page.get_by_text("Flere kontakter +2: Godkendt")).to_be_visible()
    expect(page.locator("#limits")).to_contain_text("5 af 7 kontakter brugt")
    _fill_sixth_contact(page)
    expect(page.locator("#limits")).to_contain_text("6 af 7 kontakter brugt")
    expect(page.get_by_role("status").filter(has_text="Kontakten er gemt")).to_be_visible()

    _place_emil(page, "Afslutning", "6: Sårbar trivsel")
    expect(page.locator("#fit-panel").get_by_text("4 → 6")).to_be_visible()

    form = _details(page, "Tast familiens metafeedback ind").locator("form")
    form.get_by_label("Hvem har svaret?").select_option(label=MOTHER)
    expect(form.get_by_label("Kontakt")).to_have_value("")  # at the end, no contact
    form.get_by_role("group", name="Har barnet oplevet at blive inddraget i forløbet?").get_by_label(
        "Ja", exact=True
    ).check()
    form.get_by_label("Hvor respektfuldt er familien blevet mødt?").fill("9")
    form.get_by_label("Er der andet, du vil fortælle os?").fill("Tak fordi I kom hjem til os.")
    form.get_by_role("button", name="Gem svarene").click()
    expect(page.get_by_text("Svarene på “Metafeedback” er gemt.")).to_be_visible()
    feedback = page.locator("#fit-panel").get_by_text("Sara (forælder) svarede")
    expect(feedback).to_contain_text("respekt 9 af 10.")
    expect(feedback).to_contain_text("Barnet har oplevet at blive inddraget.")

    page.get_by_role("link", name="Afslut forløbet").click()
    family = course.household.name
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Afslut forløbet med {family}")
    expect(page.get_by_text("Trivselslinealen ved afslutning for Emil Lund: 6")).to_be_visible()
    expect(page.get_by_text("Metafeedback fra familien (")).to_be_visible()
    expect(page.get_by_text("Mangler", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Henvist til et andet tilbud").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afslut forløbet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Forløb med {family}")
    expect(page.get_by_text("Forløbet er afsluttet.")).to_be_visible()
    expect(page.locator("p.font-lead strong")).to_have_text("Afsluttet")
    expect(
        page.get_by_text(re.compile(r"Afsluttet \d+\. \w+ \d{4}: Henvist til et andet tilbud\."))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Gem kontakten")).to_have_count(0)
    assert_accessible(page)
    course.refresh_from_db()
    assert course.status == Course.Status.CLOSED


def _mette_downloads_the_pdf(page) -> None:
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som PDF").click()
    download = info.value
    assert download.suggested_filename == "forloeb.pdf"
    with open(download.path(), "rb") as f:
        assert f.read(4) == b"%PDF"


@pytest.mark.slow
def test_a_course_runs_from_the_start_meeting_to_the_pdf(
    page, tablet, live_server, family_referral, prevention, mette, lone
):
    course = _mette_opens_the_course(page, live_server, family_referral)
    _place_emil(page, "Start", "4: Sårbar trivsel")
    expect(page.locator("#fit-panel")).to_contain_text("4 (Sårbar trivsel)")
    _five_contacts_with_the_mothers_scores(page)
    _emil_answers_on_the_tablet(tablet, live_server, course)
    _mette_sees_the_stall_and_asks_for_more(page)
    _lone_approves(page, live_server, course)
    _mette_ends_and_closes(page, live_server, course)
    _mette_downloads_the_pdf(page)
