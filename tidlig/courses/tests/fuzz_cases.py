"""A course from its opening to its closing (contacts, goals, extensions), as the fuzzer attacks it.
Collected by tidlig/tests/fuzz_registry.py."""

import secrets

from django.urls import reverse

from conftest import login
from tidlig.courses.tests.factories import make_open_course
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World, prefixed


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
    fields=prefixed({"text": "text", "start_rating": "number", "end_rating": "number", "version": "number"}),
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
    fields=prefixed({"approve": "choice", "note": "text"}),
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


CASES = [OPEN_COURSE, CONTACT, GOAL, EXTENSION, DECIDE_EXTENSION, CLOSE]
