"""FIT on a course: typed scores, answer mode, placements and corrections, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

import itertools
import secrets

from django.urls import reverse

from conftest import PASSWORD, login
from tidlig.courses.tests.factories import make_open_course
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World, prefixed


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
    fields=prefixed({"new_value": "choice", "reason": "text"}),
    stored=("*-reason",),
    exact=False,
    models=("measurements.PlacementCorrection",),
)


CASES = [RECORD_SCORES, ANSWER_MODE_START, ANSWER, UNLOCK, PLACE, CORRECT]
