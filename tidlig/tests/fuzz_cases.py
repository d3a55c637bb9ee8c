"""Every form in Tidlig as the fuzzer attacks it: who posts it where, a good submission to vary, and
what kind of input each field takes. test_fuzz_coverage fails when a form has no case here."""

import datetime as dt
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from conftest import login
from tidlig.lib.dates import today


class World:
    """The root conftest's personas and families, made on first use."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@dataclass
class Target:
    client: object
    # A fresh (url, data) for each submission: one-time tokens and one-shot objects are made anew.
    prepare: Callable[[], tuple[str, dict]]


@dataclass(frozen=True)
class Case:
    name: str
    forms: tuple[str, ...]  # dotted paths of the form classes this case drives
    setup: Callable[[World], Target]
    fields: dict[str, str]  # field -> strategy kind (fuzz.STRATEGIES)
    stored: tuple[str, ...] = ()  # free text that, once accepted, must be stored whole
    method: str = "post"
    writes: bool = True  # a good submission writes rows (and an audit row)
    shape_fields: tuple[str, ...] = ()  # fields whose accepted value may change how many rows are written
    examples: int = 10
    public: bool = False
    exact: bool = True  # every accepted submission writes the same rows as the good one (not an edit)
    models: tuple[str, ...] = ()  # tables an edit writes its text to, where the stored text is looked for


_addresses = itertools.count(1)


def next_address() -> str:
    """A new client address per public submission, so the per-address limit never answers 429."""
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _ticket() -> str:
    from tidlig.referrals.forms_public import TICKET_SALT

    # why: a ticket shown a minute ago, so the minimum fill time is passed without patching it
    return signing.dumps({"t": time.time() - 60, "n": secrets.token_urlsafe(16)}, salt=TICKET_SALT)


# --- the public doors -----------------------------------------------------------------------------


def _self_referral(w: World) -> Target:
    w.prevention  # noqa: B018 (the receiving unit must exist)
    url = reverse("referrals:self_referral")

    def prepare():
        return url, {
            "wish": "course",
            "concern": "Vores søn er ked af det og vil ikke i skole om morgenen.",
            "child_1_first_name": "Oskar",
            "child_1_age": "9",
            "child_1_birth_date": "",
            "child_2_first_name": "",
            "child_2_age": "",
            "child_2_birth_date": "",
            "first_name": "Sara",
            "last_name": "Lund",
            "relation": "mother",
            "has_custody": "on",
            "phone": "12 34 56 78",
            "email": "",
            "contact_preference": "Hverdage efter kl. 15",
            "website": "",
            "ticket": _ticket(),
        }

    return Target(w.client, prepare)


SELF_REFERRAL = Case(
    name="self_referral",
    forms=("tidlig.referrals.forms_public.SelfReferralForm",),
    setup=_self_referral,
    fields={
        "concern": "text",
        "child_1_first_name": "text",
        "child_1_age": "number",
        "child_1_birth_date": "date",
        "child_2_first_name": "text",
        "child_2_age": "number",
        "first_name": "text",
        "last_name": "text",
        "phone": "cpr",
        "email": "text",
        "contact_preference": "text",
        "wish": "choice",
        "relation": "choice",
        "ticket": "text",
        "website": "text",
    },
    stored=("concern", "child_1_first_name", "first_name", "last_name", "contact_preference"),
    shape_fields=("child_2_age", "wish", "email", "phone"),
    examples=40,
    public=True,
)


def _login(w: World) -> Target:
    w.mette  # noqa: B018 (a user whose name the fuzzer may hit)
    url = reverse("login")
    return Target(w.client, lambda: (url, {"username": "mette", "password": "forkert"}))


LOGIN = Case(
    name="login",
    forms=("tidlig.accounts.forms.LoginForm",),
    setup=_login,
    fields={"username": "text", "password": "text"},
    writes=False,
    examples=20,
    public=True,
)


def _partner_referral(w: World) -> Target:
    from tidlig.referrals.forms_intake import new_submission_token

    w.prevention  # noqa: B018
    client = login(w.client, w.pia)
    url = reverse("referrals:partner_referral", args=[w.class_4a.uuid])

    def prepare():
        return url, {
            "submission_token": new_submission_token(),
            "child-first_name": "Ida",
            "child-last_name": "Holm",
            "child-birth_date": "2016-05-02",
            "guardian-first_name": "Anne",
            "guardian-last_name": "Holm",
            "guardian-phone": "12 34 56 78",
            "guardian-email": "",
            "guardian-relation": "mother",
            "concern": "Ida er stille i klassen og græder tit.",
            "consent": "on",
            "given_how": "oral",
            "share_back": "on",
        }

    return Target(client, prepare)


PARTNER_REFERRAL = Case(
    name="partner_referral",
    forms=(
        "tidlig.referrals.forms_intake.OneTimeTokenForm",
        "tidlig.referrals.forms_intake.PartnerReferralForm",
        "tidlig.referrals.forms_intake.PartnerChildForm",
        "tidlig.referrals.forms_intake.PartnerGuardianForm",
    ),
    setup=_partner_referral,
    fields={
        "concern": "text",
        "child-first_name": "text",
        "child-last_name": "text",
        "child-birth_date": "date",
        "guardian-first_name": "text",
        "guardian-last_name": "text",
        "guardian-phone": "cpr",
        "guardian-email": "text",
        "guardian-relation": "choice",
        "given_how": "choice",
        "consent": "choice",
        "share_back": "choice",
        "submission_token": "text",
    },
    stored=("concern", "child-first_name", "child-last_name", "guardian-first_name", "guardian-last_name"),
    shape_fields=("share_back", "guardian-email", "guardian-phone"),
    examples=30,
    public=True,
)


def _counselling(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("referrals:counselling")
    return Target(
        client,
        lambda: (
            url,
            {
                "date": today().isoformat(),
                "channel": "phone",
                "topic": "wellbeing",
                "age_band": "6-12",
                "duration_minutes": "20",
            },
        ),
    )


COUNSELLING = Case(
    name="anonymous_counselling",
    forms=("tidlig.referrals.forms_intake.CounsellingForm",),
    setup=_counselling,
    fields={
        "date": "date",
        "channel": "choice",
        "topic": "choice",
        "age_band": "choice",
        "duration_minutes": "number",
    },
    examples=25,
    public=True,
)


def _staff_referral(w: World) -> Target:
    from tidlig.referrals.forms_intake import new_submission_token

    client = login(w.client, w.lone)
    url = reverse("referrals:staff_referral")

    def prepare():
        return url, {
            "submission_token": new_submission_token(),
            "source": "health_visitor",
            "channel": "phone",
            "referrer_description": "Sundhedsplejerske Birgit",
            "concern": "Mor er bekymret for Ida, der ikke vil i børnehave.",
            "wish": "course",
            "contact_preference": "Efter kl. 15 på telefon",
            "child-first_name": "Ida",
            "child-last_name": "Holm",
            "child-birth_date": "2019-05-02",
            "child-cpr": "020519-4123",
            "child-institution_group": "",
            "guardian-first_name": "Anne",
            "guardian-last_name": "Holm",
            "guardian-phone": "12345678",
            "guardian-email": "anne@example.dk",
            "guardian-relation": "mother",
            "guardian-has_custody": "on",
        }

    return Target(client, prepare)


STAFF_REFERRAL = Case(
    name="staff_referral",
    forms=(
        "tidlig.referrals.forms_intake.StaffReferralForm",
        "tidlig.referrals.forms_intake.IntakeChildForm",
        "tidlig.referrals.forms_intake.IntakeGuardianForm",
    ),
    setup=_staff_referral,
    fields={
        "referrer_description": "text",
        "concern": "text",
        "contact_preference": "text",
        "child-first_name": "text",
        "child-last_name": "text",
        "child-birth_date": "date",
        "child-cpr": "cpr",
        "child-institution_group": "choice",
        "guardian-first_name": "text",
        "guardian-last_name": "text",
        "guardian-phone": "cpr",
        "guardian-email": "text",
        "source": "choice",
        "channel": "choice",
        "wish": "choice",
        "guardian-relation": "choice",
        "guardian-has_custody": "choice",
    },
    stored=(
        "referrer_description",
        "concern",
        "contact_preference",
        "child-first_name",
        "child-last_name",
        "guardian-first_name",
        "guardian-last_name",
    ),
    shape_fields=("child-cpr",),
    examples=20,
)


# --- families and consent -------------------------------------------------------------------------


def _household_create(w: World) -> Target:
    client = login(w.client, w.lone)
    url = reverse("people:household_create")
    return Target(client, lambda: (url, {"name": "Familien Dam"}))


HOUSEHOLD_CREATE = Case(
    name="household_create",
    forms=("tidlig.people.forms.HouseholdForm",),
    setup=_household_create,
    fields={"name": "text"},
    stored=("name",),
)

CHILD_FIELDS = {
    "first_name": "text",
    "last_name": "text",
    "birth_date": "date",
    "cpr": "cpr",
    "institution_group": "choice",
}
GOOD_CHILD = {
    "first_name": "Ida",
    "last_name": "Holm",
    "birth_date": "2019-05-02",
    "cpr": "",
    "institution_group": "",
}


def _child_add(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:child_add", args=[w.mette_family.uuid])
    return Target(client, lambda: (url, dict(GOOD_CHILD, cpr="020519-4123")))


CHILD_ADD = Case(
    name="child_add",
    forms=("tidlig.people.forms.ChildForm",),
    setup=_child_add,
    fields=CHILD_FIELDS,
    stored=("first_name", "last_name"),
)


def _child_edit(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:child_edit", args=[w.emma.uuid])

    def prepare():
        # the version the form was based on (optimistic locking); each example starts from the saved one
        version = type(w.emma).objects.filter(pk=w.emma.pk).values_list("version", flat=True).get()
        return url, dict(GOOD_CHILD, birth_date="2017-03-14", cpr="140317-4321", version=str(version))

    return Target(client, prepare)


CHILD_EDIT = Case(
    name="child_edit",
    forms=("tidlig.people.forms.ChildEditForm",),
    setup=_child_edit,
    fields=CHILD_FIELDS,
    stored=("first_name", "last_name"),
    exact=False,
    models=("people.Child",),
)


def _guardian_add(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("people:guardian_add", args=[w.mette_family.uuid])
    emma = w.emma

    def prepare():
        return url, {
            "first_name": "Bo",
            "last_name": "Holm",
            "phone": "12345678",
            "email": "bo@example.dk",
            "address": "Skolevej 1, 6200 Aabenraa",
            "relation": "father",
            "custody_children": [str(emma.pk)],
        }

    return Target(client, prepare)


GUARDIAN_ADD = Case(
    name="guardian_add",
    forms=("tidlig.people.forms.GuardianForm",),
    setup=_guardian_add,
    fields={
        "first_name": "text",
        "last_name": "text",
        "phone": "cpr",
        "email": "text",
        "address": "text",
        "relation": "choice",
        "custody_children": "choice",
    },
    stored=("first_name", "last_name", "address"),
)


def _assign_worker(w: World) -> Target:
    client = login(w.client, w.lone)
    household = w.mette_family
    url = reverse("people:assign_worker", args=[household.uuid])
    workers = itertools.cycle([w.sofie, w.mette])
    return Target(client, lambda: (url, {"worker": str(next(workers).pk)}))


ASSIGN_WORKER = Case(
    name="assign_worker",
    forms=("tidlig.people.forms.AssignWorkerForm",),
    setup=_assign_worker,
    fields={"worker": "choice"},
    exact=False,
)


def _consent_data(w: World) -> dict:
    return {
        "given_by": str(w.anne.pk),
        "given_how": "oral",
        "children": [str(w.emma.pk)],
        "information": ["basic"],
        "recipient_institutions": [str(w.school.pk)],
        "recipient_units": [],
        "purpose": "At skolen og familiebehandleren kan samarbejde om Emmas trivsel.",
        "valid_from": today().isoformat(),
        "valid_until": (today() + dt.timedelta(days=365)).isoformat(),
    }


def _give_consent(w: World) -> Target:
    client = login(w.client, w.mette)
    url = reverse("consent:give", args=[w.mette_family.uuid])
    good = _consent_data(w)
    return Target(client, lambda: (url, dict(good)))


GIVE_CONSENT = Case(
    name="give_consent",
    forms=("tidlig.consent.forms.GiveConsentForm",),
    setup=_give_consent,
    fields={
        "given_by": "choice",
        "given_how": "choice",
        "children": "choice",
        "information": "choice",
        "recipient_institutions": "choice",
        "recipient_units": "choice",
        "purpose": "text",
        "valid_from": "date",
        "valid_until": "date",
    },
    stored=("purpose",),
    shape_fields=("information", "recipient_units", "recipient_institutions"),
)


def _withdraw_consent(w: World) -> Target:
    from tidlig.consent import services

    client = login(w.client, w.mette)
    mette, anne, emma, school = w.mette, w.anne, w.emma, w.school

    def prepare():
        consent = services.give_consent(
            actor=mette,
            given_by=anne,
            given_how="oral",
            children=[emma],
            information=["basic"],
            recipient_institutions=[school],
            purpose="Samarbejde om Emmas trivsel",
            valid_from=today(),
            valid_until=today() + dt.timedelta(days=30),
        )
        return reverse("consent:withdraw", args=[consent.uuid]), {"reason": "Mor ønsker det ikke længere."}

    return Target(client, prepare)


WITHDRAW_CONSENT = Case(
    name="withdraw_consent",
    forms=("tidlig.consent.forms.WithdrawConsentForm",),
    setup=_withdraw_consent,
    fields={"reason": "text"},
    stored=("reason",),
    exact=False,
    models=("consent.Consent",),
)


# --- referrals after the door ---------------------------------------------------------------------


def _screen(w: World) -> Target:
    from tidlig.referrals.tests.factories import make_referral

    client = login(w.client, w.lone)
    unit = w.prevention

    def prepare():
        referral = make_referral(unit)
        return reverse("referrals:screen", args=[referral.uuid]), {
            "wellbeing_score": "4",
            "motivation": "high",
            "has_authority_case": "no",
            "is_bounded": "yes",
            "competences": [],
            "note": "Mor ringer selv",
            "version": str(referral.version),
        }

    return Target(client, prepare)


SCREEN = Case(
    name="screen_referral",
    forms=("tidlig.referrals.forms.ScreeningForm",),
    setup=_screen,
    fields={
        "wellbeing_score": "choice",
        "motivation": "choice",
        "has_authority_case": "choice",
        "is_bounded": "choice",
        "competences": "choice",
        "note": "text",
    },
    stored=("note",),
    exact=False,
    models=("referrals.Referral",),
)


def _decide(w: World) -> Target:
    from tidlig.courses.tests.factories import screened_referral

    client = login(w.client, w.lone)
    unit, lone, mette = w.prevention, w.lone, w.mette

    def prepare():
        referral = screened_referral(unit, lone)
        prefix = str(referral.uuid)
        return reverse("referrals:decide", args=[referral.uuid]), {
            f"{prefix}-decision": "accept",
            f"{prefix}-worker": str(mette.pk),
            f"{prefix}-forwarded_to": "",
            f"{prefix}-reason": "Angst, afgrænset",
        }

    return Target(client, prepare)


def _prefixed(fields: dict[str, str]) -> dict[str, str]:
    """Fields whose posted name carries a per-object prefix: the attack replaces the value by suffix."""
    return {f"*-{name}": kind for name, kind in fields.items()}


DECIDE = Case(
    name="triage_decide",
    forms=("tidlig.referrals.forms.TriageForm",),
    setup=_decide,
    fields=_prefixed({"decision": "choice", "worker": "choice", "forwarded_to": "choice", "reason": "text"}),
    stored=("*-reason",),
    exact=False,
    models=("referrals.Referral",),
)


def _first_contact(w: World) -> Target:
    from tidlig.courses.tests.factories import accepted_referral
    from tidlig.referrals.models import Referral

    client = login(w.client, w.mette)
    unit, lone, mette = w.prevention, w.lone, w.mette

    def prepare():
        referral = accepted_referral(unit, lone, mette)
        # why: received two days ago, so a contact yesterday lies after it
        Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - dt.timedelta(days=2))
        at = (today() - dt.timedelta(days=1)).isoformat() + "T10:00"
        return reverse("referrals:first_contact", args=[referral.uuid]), {"at": at}

    return Target(client, prepare)


FIRST_CONTACT = Case(
    name="first_contact",
    forms=("tidlig.referrals.forms.FirstContactForm",),
    setup=_first_contact,
    fields={"at": "date"},
    exact=False,
)


# --- courses --------------------------------------------------------------------------------------


def _open_course(w: World) -> Target:
    from tidlig.courses.tests.factories import accepted_referral, make_offer

    client = login(w.client, w.mette)
    unit, lone, mette = w.prevention, w.lone, w.mette
    offer = make_offer(unit)

    def prepare():
        referral = accepted_referral(unit, lone, mette)
        return reverse("courses:open", args=[referral.uuid]), {
            "offer": str(offer.pk),
            "workers": [str(mette.pk)],
            "start_meeting_on": today().isoformat(),
            "goal_1_text": "Emil kommer i skole hver dag",
            "goal_1_rating": "3",
            "goal_2_text": "",
            "goal_2_rating": "",
        }

    return Target(client, prepare)


OPEN_COURSE = Case(
    name="open_course",
    forms=("tidlig.courses.forms.OpenCourseForm",),
    setup=_open_course,
    fields={
        "offer": "choice",
        "workers": "choice",
        "start_meeting_on": "date",
        "goal_1_text": "text",
        "goal_1_rating": "number",
        "goal_2_text": "text",
    },
    stored=("goal_1_text",),
    shape_fields=("goal_2_text",),
)


def make_open_course(w: World, *, max_contacts=500):
    """Mette's open course with one contact, on an offer with room for many more."""
    from tidlig.courses.services import record_contact
    from tidlig.courses.tests.factories import make_course, make_offer

    unit, lone, mette = w.prevention, w.lone, w.mette
    course = make_course(
        unit,
        lone,
        mette,
        offer=make_offer(unit, name=f"Tilbud {secrets.token_hex(4)}", max_contacts=max_contacts),
    )
    record_contact(
        course,
        actor=mette,
        date=today() - dt.timedelta(days=7),
        duration_minutes=60,
        kind="individual",
        place="home",
    )
    return course


def _contact(w: World) -> Target:
    client = login(w.client, w.mette)
    course = make_open_course(w)
    url = reverse("courses:add_contact", args=[course.uuid])

    def prepare():
        return url, {
            "date": today().isoformat(),
            "duration_minutes": "60",
            "kind": "individual",
            "place": "home",
            "family_participants": "Mor og Emil",
            "private_network": "Mormor",
            "professionals": "Klasselærer",
            "note": "God samtale om morgenerne.",
            "kilometres": "12.5",
            "token": secrets.token_urlsafe(32),
        }

    return Target(client, prepare)


CONTACT = Case(
    name="add_contact",
    forms=("tidlig.courses.forms.ContactForm",),
    setup=_contact,
    fields={
        "date": "date",
        "duration_minutes": "number",
        "kind": "choice",
        "place": "choice",
        "family_participants": "text",
        "private_network": "text",
        "professionals": "text",
        "note": "text",
        "kilometres": "number",
        "token": "text",
    },
    stored=("family_participants", "private_network", "professionals", "note"),
)


def _goal(w: World) -> Target:
    client = login(w.client, w.mette)
    course = make_open_course(w)
    goal = course.goals.get()

    def prepare():
        goal.refresh_from_db()
        prefix = f"goal-{goal.uuid}"
        return reverse("courses:edit_goal", args=[course.uuid, goal.uuid]), {
            f"{prefix}-text": f"Emil kommer i skole {secrets.token_hex(2)}",
            f"{prefix}-start_rating": "3",
            f"{prefix}-end_rating": "7",
            f"{prefix}-version": str(goal.version),
        }

    return Target(client, prepare)


GOAL = Case(
    name="edit_goal",
    forms=("tidlig.courses.forms.GoalForm",),
    setup=_goal,
    fields=_prefixed({"text": "text", "start_rating": "number", "end_rating": "number", "version": "number"}),
    stored=("*-text",),
    exact=False,
    models=("courses.Goal",),
)


def _extension(w: World) -> Target:
    client = login(w.client, w.mette)
    state = {}

    def prepare():
        # why: one pending request per kind, so each submission gets a course of its own
        course = make_open_course(w)
        state["course"] = course
        return reverse("courses:request_extension", args=[course.uuid]), {
            "extension-kind": "contacts",
            "extension-extra": "2",
            "extension-reason": "Familien har brug for to samtaler mere.",
        }

    return Target(client, prepare)


EXTENSION = Case(
    name="request_extension",
    forms=("tidlig.courses.forms.ExtensionRequestForm",),
    setup=_extension,
    fields={"extension-kind": "choice", "extension-extra": "number", "extension-reason": "text"},
    stored=("extension-reason",),
    examples=8,
)


def _decide_extension(w: World) -> Target:
    from tidlig.courses.services import request_extension

    client = login(w.client, w.lone)
    mette = w.mette
    course = make_open_course(w)

    def prepare():
        course.extension_requests.filter(status="pending").update(status="rejected")
        extension = request_extension(course, actor=mette, kind="contacts", extra=2, reason="To mere")
        prefix = str(extension.uuid)
        return reverse("courses:decide_extension", args=[extension.uuid]), {
            f"{prefix}-approve": "yes",
            f"{prefix}-note": "Godkendt, to samtaler mere.",
        }

    return Target(client, prepare)


DECIDE_EXTENSION = Case(
    name="decide_extension",
    forms=("tidlig.courses.forms.DecisionForm",),
    setup=_decide_extension,
    fields=_prefixed({"approve": "choice", "note": "text"}),
    stored=("*-note",),
    exact=False,
    models=("courses.ExtensionRequest",),
)


def _close(w: World) -> Target:
    client = login(w.client, w.mette)

    def prepare():
        course = make_open_course(w)
        return reverse("courses:close", args=[course.uuid]), {
            "reason": "goals_reached",
            "closed_on": today().isoformat(),
            "missing_measurements_reason": "Familien ønskede ikke at udfylde skemaet.",
        }

    return Target(client, prepare)


CLOSE = Case(
    name="close_course",
    forms=("tidlig.courses.forms.CloseCourseForm",),
    setup=_close,
    fields={"reason": "choice", "closed_on": "date", "missing_measurements_reason": "text"},
    stored=("missing_measurements_reason",),
    exact=False,
    models=("courses.Course",),
    examples=8,
)


def _record_scores(w: World) -> Target:
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument

    client = login(w.client, w.mette)
    course = make_open_course(w)
    sara = course.household.guardians.get()
    contact = course.contacts.get()
    instrument = active_instrument(OUTCOME)
    prefix = f"fit{instrument.pk}"

    def prepare():
        return reverse("courses:record_scores", args=[course.uuid]), {
            "instrument": str(instrument.pk),
            f"{prefix}-respondent": f"guardian:{sara.uuid}",
            f"{prefix}-contact": str(contact.uuid),
            f"{prefix}-submission_token": secrets.token_hex(16),
            **{f"{prefix}-item_{n}": "5.5" for n in range(1, 5)},
        }

    return Target(client, prepare)


RECORD_SCORES = Case(
    name="record_scores",
    forms=("tidlig.courses.forms_fit.RecordScoresForm",),
    setup=_record_scores,
    fields={
        "instrument": "choice",
        "*-respondent": "choice",
        "*-contact": "choice",
        "*-submission_token": "text",
        "*-item_1": "number",
        "*-item_4": "number",
    },
)


def _fresh_session(client, user) -> None:
    """A new session, so no answer-mode lock from the last submission holds it."""
    client.logout()
    login(client, user)


def _start_answer_mode(client, course, respondent, instrument, contact) -> None:
    response = client.post(
        reverse("courses:answer_mode", args=[course.uuid]),
        {"svar-respondent": respondent, "svar-instrument": instrument.pk, "svar-contact": str(contact.uuid)},
    )
    assert response.status_code == 302


def _answer_mode_start(w: World) -> Target:
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument

    client, mette = w.client, w.mette
    course = make_open_course(w)
    sara = course.household.guardians.get()
    contact = course.contacts.get()
    instrument = active_instrument(OUTCOME)

    def prepare():
        _fresh_session(client, mette)
        return reverse("courses:answer_mode", args=[course.uuid]), {
            "svar-respondent": f"guardian:{sara.uuid}",
            "svar-instrument": str(instrument.pk),
            "svar-contact": str(contact.uuid),
        }

    return Target(client, prepare)


ANSWER_MODE_START = Case(
    name="answer_mode_start",
    forms=("tidlig.courses.forms_fit.AnswerModeStartForm",),
    setup=_answer_mode_start,
    fields={"svar-respondent": "choice", "svar-instrument": "choice", "svar-contact": "choice"},
    writes=False,
)


def _answer(w: World) -> Target:
    from tidlig.measurements.open_instruments import METAFEEDBACK
    from tidlig.measurements.queries import active_instrument

    client, mette = w.client, w.mette
    course = make_open_course(w)
    sara = course.household.guardians.get()
    contact = course.contacts.get()
    instrument = active_instrument(METAFEEDBACK)

    def prepare():
        _fresh_session(client, mette)
        _start_answer_mode(client, course, f"guardian:{sara.uuid}", instrument, contact)
        return reverse("courses:answer_mode", args=[course.uuid]), {
            "item_1": "yes",
            "item_2": "9",
            "item_3": "Tak for hjælpen",
            "submission_token": secrets.token_hex(16),
        }

    return Target(client, prepare)


ANSWER = Case(
    name="answer_mode_answer",
    forms=("tidlig.courses.forms_fit.AnswerForm",),
    setup=_answer,
    fields={"item_1": "choice", "item_2": "number", "item_3": "text", "submission_token": "text"},
    stored=("item_3",),
    shape_fields=("item_3",),  # a blank comment is no answer: one item score fewer
)


def _unlock(w: World) -> Target:
    from conftest import PASSWORD
    from tidlig.measurements.open_instruments import OUTCOME
    from tidlig.measurements.queries import active_instrument

    client, mette = w.client, w.mette
    course = make_open_course(w)
    sara = course.household.guardians.get()
    contact = course.contacts.get()
    instrument = active_instrument(OUTCOME)

    def prepare():
        _fresh_session(client, mette)
        _start_answer_mode(client, course, f"guardian:{sara.uuid}", instrument, contact)
        return reverse("courses:unlock", args=[course.uuid]), {"password": PASSWORD}

    return Target(client, prepare)


UNLOCK = Case(
    name="answer_mode_unlock",
    forms=("tidlig.courses.forms_fit.UnlockForm",),
    setup=_unlock,
    fields={"password": "text"},
    writes=False,
)


def _place(w: World) -> Target:
    client = login(w.client, w.mette)
    course = make_open_course(w)
    child = course.household.children.get()
    url = reverse("courses:place_wellbeing", args=[course.uuid])
    moments = itertools.cycle(["start", "middle", "end"])

    def prepare():
        return url, {
            "trivsel-child": str(child.uuid),
            "trivsel-moment": next(moments),
            "trivsel-value": "5",
            "trivsel-placed_on": today().isoformat(),
        }

    return Target(client, prepare)


PLACE = Case(
    name="place_wellbeing",
    forms=("tidlig.courses.forms_fit.PlaceWellbeingForm",),
    setup=_place,
    fields={
        "trivsel-child": "choice",
        "trivsel-moment": "choice",
        "trivsel-value": "choice",
        "trivsel-placed_on": "date",
    },
    exact=False,
)


def _correct(w: World) -> Target:
    from tidlig.courses.services import fit

    client = login(w.client, w.mette)
    mette = w.mette
    course = make_open_course(w)
    child = course.household.children.get()
    placement = fit.place_wellbeing(
        course, actor=mette, child=child, moment="start", value=5, placed_on=today()
    )
    url = reverse("courses:correct_placement", args=[course.uuid, placement.uuid])
    values = itertools.cycle(["6", "4"])
    prefix = f"ret-{placement.uuid}"

    def prepare():
        return url, {f"{prefix}-new_value": next(values), f"{prefix}-reason": "Tastefejl"}

    return Target(client, prepare)


CORRECT = Case(
    name="correct_placement",
    forms=("tidlig.courses.forms_fit.CorrectPlacementForm",),
    setup=_correct,
    fields=_prefixed({"new_value": "choice", "reason": "text"}),
    stored=("*-reason",),
    exact=False,
    models=("measurements.PlacementCorrection",),
)


# --- offers and groups ----------------------------------------------------------------------------


def offer_data(**extra) -> dict:
    from tidlig.offers.models import LadderStep, LegalBasis

    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30 stk. 1")
    return {
        "name": f"Mestringsluppen {secrets.token_hex(3)}",
        "description": "Et forløb for børn, der er bekymrede, og deres forældre.",
        "legal_basis": str(basis.pk),
        "step": str(LadderStep.objects.get(position=2).pk),
        "themes": [],
        "age_min": "6",
        "age_max": "12",
        "format": "group",
        "max_contacts": "10",
        "max_network_meetings": "",
        "weeks": "12",
        "is_running": "True",
        **extra,
    }


OFFER_FIELDS = {
    "name": "text",
    "description": "text",
    "legal_basis": "choice",
    "step": "choice",
    "themes": "choice",
    "age_min": "number",
    "age_max": "number",
    "format": "choice",
    "max_contacts": "number",
    "max_network_meetings": "number",
    "weeks": "number",
    "is_running": "choice",
}


def _offer_create(w: World) -> Target:
    client = login(w.client, w.kim)
    return Target(client, lambda: (reverse("offers:create"), offer_data()))


OFFER_CREATE = Case(
    name="offer_create",
    forms=("tidlig.offers.forms.OfferForm",),
    setup=_offer_create,
    fields=OFFER_FIELDS,
    stored=("name", "description"),
)


def _offer_edit(w: World) -> Target:
    from tidlig.courses.tests.factories import make_offer

    client = login(w.client, w.kim)
    offer = make_offer(w.prevention)

    def prepare():
        offer.refresh_from_db()
        return reverse("offers:edit", args=[offer.uuid]), offer_data(version=str(offer.version))

    return Target(client, prepare)


OFFER_EDIT = Case(
    name="offer_edit",
    forms=("tidlig.offers.forms.OfferForm",),
    setup=_offer_edit,
    fields={**OFFER_FIELDS, "version": "number"},
    stored=("name", "description"),
    exact=False,
    models=("offers.Offer",),
)


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


# --- results, targets and the access log ----------------------------------------------------------


def _results(w: World) -> Target:
    client = login(w.client, w.lone)
    return Target(client, lambda: (reverse("reports:results"), {"year": str(today().year), "unit": ""}))


RESULTS = Case(
    name="results_period",
    forms=("tidlig.reports.forms.PeriodForm",),
    setup=_results,
    # why: start and end are not the form's fields; older links carry them, and the form snaps or refuses them
    fields={"year": "number", "start": "date", "end": "date", "unit": "choice"},
    method="get",
    writes=False,
)


def _targets(w: World) -> Target:
    client = login(w.client, w.lone)
    year = str(today().year)
    return Target(
        client,
        lambda: (
            reverse("reports:targets"),
            {
                "kpi": "referrals_count",
                "year": year,
                "value": "40",
                "direction": "at_least",
                "note": "Som sidste år",
            },
        ),
    )


TARGETS = Case(
    name="targets",
    forms=("tidlig.reports.forms.TargetForm",),
    setup=_targets,
    fields={"kpi": "choice", "year": "number", "value": "number", "direction": "choice", "note": "text"},
    stored=("note",),
    exact=False,
    models=("reports.Target",),
)


def _practice(w: World) -> Target:
    client = login(w.client, w.mette)
    return Target(client, lambda: (reverse("reports:practice"), {"year": str(today().year)}))


PRACTICE = Case(
    name="practice_period",
    forms=("tidlig.reports.forms.YearForm",),
    setup=_practice,
    fields={"year": "number", "start": "date", "end": "date"},
    method="get",
    writes=False,
)


def _log_search(w: World) -> Target:
    client = login(w.client, w.admin_user)
    return Target(
        client,
        lambda: (
            reverse("audit:search"),
            {"username": "mette", "action": "view", "date_from": "", "date_to": "", "object_id": ""},
        ),
    )


LOG_SEARCH = Case(
    name="log_search",
    forms=("tidlig.audit.forms.LogSearchForm",),
    setup=_log_search,
    fields={
        "username": "text",
        "action": "choice",
        "date_from": "date",
        "date_to": "date",
        "object_id": "text",
    },
    method="get",
    writes=False,
)


def _access_request(w: World) -> Target:
    client = login(w.client, w.admin_user)
    emma = w.emma
    emma.set_cpr("1403174321")
    emma.save()
    return Target(client, lambda: (reverse("audit:access_request"), {"cpr": "140317-4321"}))


ACCESS_REQUEST = Case(
    name="access_request",
    forms=("tidlig.audit.forms.AccessRequestForm",),
    setup=_access_request,
    fields={"cpr": "cpr"},
    writes=False,
    examples=25,
)


CASES: list[Case] = [
    SELF_REFERRAL,
    LOGIN,
    PARTNER_REFERRAL,
    COUNSELLING,
    STAFF_REFERRAL,
    HOUSEHOLD_CREATE,
    CHILD_ADD,
    CHILD_EDIT,
    GUARDIAN_ADD,
    ASSIGN_WORKER,
    GIVE_CONSENT,
    WITHDRAW_CONSENT,
    SCREEN,
    DECIDE,
    FIRST_CONTACT,
    OPEN_COURSE,
    CONTACT,
    GOAL,
    EXTENSION,
    DECIDE_EXTENSION,
    CLOSE,
    RECORD_SCORES,
    ANSWER_MODE_START,
    ANSWER,
    UNLOCK,
    PLACE,
    CORRECT,
    OFFER_CREATE,
    OFFER_EDIT,
    GROUP_CREATE,
    ENROLL,
    SESSION,
    OUTCOME_CASE,
    RESULTS,
    TARGETS,
    PRACTICE,
    LOG_SEARCH,
    ACCESS_REQUEST,
]

# why: imported last, since the administration's cases are built from the classes above
from tidlig.tests.fuzz_cases_admin import ADMIN_CASES  # noqa: E402

CASES += ADMIN_CASES
