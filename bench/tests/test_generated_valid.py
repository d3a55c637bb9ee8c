"""A sample of the generated data passes the application's own validation: the rule functions the services
call before they write, the forms a worker would have typed it into, and the models' full_clean. The
generator writes in bulk, past the services, so this is what proves it wrote nothing they would refuse."""

import datetime as dt

import pytest
from django.db.models import Count, Prefetch

from bench.tests.once import DAYS, generated_at
from tidlig.audit.models import AccessLog
from tidlig.consent.models import Consent
from tidlig.courses.forms import CloseCourseForm, ContactForm, ExtensionRequestForm
from tidlig.courses.models import Contact, Course, ExtensionRequest
from tidlig.courses.rules import (
    check_closing,
    check_contact,
    check_contact_limits,
    check_extension_request,
    check_respondent,
)
from tidlig.groups import services as groups
from tidlig.groups.models import Enrollment, Group
from tidlig.groups.rules import enrolment_status
from tidlig.lib.dates import today
from tidlig.measurements.models import Response, WellbeingPlacement
from tidlig.measurements.scoring import clean_scores
from tidlig.people.models import Child, Guardian, Household
from tidlig.referrals.models import Referral
from tidlig.referrals.services import contact_deadline

pytestmark = pytest.mark.django_db

SAMPLE = 25
# why: one day is enough for validity (the modules beside this one vary the day)
generated = generated_at(0.03, days=DAYS[1:2])


def every(queryset, n: int = SAMPLE) -> list:
    """Every k-th row, so the sample spreads over the whole history rather than its first families."""
    rows = list(queryset.order_by("pk"))
    assert rows, queryset.model
    return rows[:: max(1, len(rows) // n)][:n]


def as_of(course: Course, moment: dt.datetime) -> Course:
    """The course with the extensions approved before `moment` only: its limits at that time."""
    approved = [
        r for r in course.extension_requests.all() if r.status == "approved" and r.decided_at < moment
    ]
    course.extra_contacts = sum(r.extra for r in approved if r.kind == ExtensionRequest.Kind.CONTACTS)
    course.extra_network_meetings = sum(
        r.extra for r in approved if r.kind == ExtensionRequest.Kind.NETWORK_MEETINGS
    )
    return course


def test_generated_contacts_pass_record_contacts_rules_and_the_contact_form():
    courses = every(
        Course.objects.select_related("offer").prefetch_related(
            Prefetch("contacts", Contact.objects.order_by("date", "recorded_at")), "extension_requests"
        )
    )
    checked = 0
    for course in courses:
        contacts = list(course.contacts.all())
        for n, contact in enumerate(contacts):
            on = contact.recorded_at.date()
            assert course.is_open or contact.date < course.closed_on
            check_contact(
                course,
                date=contact.date,
                kind=contact.kind,
                private_network=contact.private_network,
                professionals=contact.professionals,
                on=on,
            )
            network = sum(c.kind == Contact.Kind.NETWORK_MEETING for c in contacts[:n])
            check_contact_limits(
                as_of(course, contact.recorded_at), kind=contact.kind, contacts=n, network_meetings=network
            )
            fields = ContactForm.base_fields
            data = {name: getattr(contact, name) for name in fields if hasattr(contact, name)}
            form = ContactForm({**{k: "" if v is None else v for k, v in data.items()}, "token": "x"})
            assert form.is_valid(), (contact, form.errors)
            contact.full_clean()
            checked += 1
    assert checked >= SAMPLE


def test_generated_answers_pass_the_services_respondent_and_score_checks():
    answers = Response.objects.select_related(
        "instrument", "course", "contact", "child", "guardian", "group", "group_session"
    ).prefetch_related("scores__item", "instrument__items")
    responses = every(answers.filter(course__isnull=False), 3 * SAMPLE) + every(
        answers.filter(group__isnull=False)
    )
    kinds = set()
    for response in responses:
        instrument = response.instrument
        kinds.add((instrument.kind, response.role))
        if response.course_id is not None:
            on = response.contact.date if response.contact_id else response.course.closed_on
            check_respondent(
                response.course, instrument, response.role, response.child, response.guardian, on
            )
        else:
            enrollment = Enrollment.objects.select_related("child", "guardian").get(
                group=response.group, child=response.child, guardian=response.guardian
            )
            assert groups.suits(instrument, enrollment, response.group_session.date)
            assert groups.role_of(enrollment, response.group_session.date) == response.role
        _cleaned, total = clean_scores(instrument, _as_typed(response))
        assert total == response.total, response
        response.full_clean()
    assert {("outcome", "parent"), ("outcome", "child"), ("group_alliance", "child")} <= kinds


def _as_typed(response: Response) -> dict:
    """The stored item scores as the form hands them to clean_scores: numbers, yes/no, text."""
    typed = {}
    for score in response.scores.all():
        kind = score.item.kind
        typed[score.item.position] = (
            score.text if kind == "text" else bool(score.value) if kind == "yes_no" else score.value
        )
    return typed


def test_generated_closings_pass_close_courses_rule_and_form():
    for course in every(Course.objects.filter(status="closed").prefetch_related("household__children")):
        children = {c.pk for c in course.household.children.all()}
        ended = set(
            WellbeingPlacement.objects.filter(course=course, moment="end").values_list("child_id", flat=True)
        )
        check_closing(
            children=children,
            ended=ended,
            has_metafeedback=course.responses.filter(instrument__kind="metafeedback").exists(),
            missing_measurements_reason=course.missing_measurements_reason,
        )
        assert course.start_meeting_on <= course.closed_on <= today()
        form = CloseCourseForm(
            {
                "reason": course.close_reason,
                "closed_on": course.closed_on,
                "missing_measurements_reason": course.missing_measurements_reason,
            }
        )
        assert form.is_valid(), (course, form.errors)
        course.full_clean()


def test_generated_extension_requests_pass_the_request_rule_and_form():
    for request in every(ExtensionRequest.objects.all()):
        check_extension_request(extra=request.extra, reason=request.reason)
        form = ExtensionRequestForm({"kind": request.kind, "extra": request.extra, "reason": request.reason})
        assert form.is_valid(), (request, form.errors)
        request.full_clean()


def test_generated_enrolments_follow_the_waiting_list_rule():
    """Whoever enrolled while the group had a place got one; whoever came after waited, and holds a place
    now only by moving up when someone left (groups.services.leave), which the access log shows."""
    moved_up = dict(
        AccessLog.objects.filter(event="group.moved_up")
        .values_list("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )
    for group in Group.objects.prefetch_related("enrollments"):
        taken, waited = 0, []
        for enrollment in sorted(group.enrollments.all(), key=lambda e: (e.enrolled_at, e.pk)):
            status = enrolment_status(taken=taken, capacity=group.capacity)
            if status == Enrollment.Status.ENROLLED:
                taken += 1
                assert enrollment.status != Enrollment.Status.WAITING, enrollment
            else:
                waited.append(enrollment)
            enrollment.full_clean()
        got_a_place = sum(e.status != Enrollment.Status.WAITING for e in waited)
        assert got_a_place == moved_up.get(str(group.uuid), 0), group
        group.full_clean()


def test_generated_referrals_families_and_consents_pass_the_models_validation():
    for referral in every(Referral.objects.select_related("unit")):
        assert referral.contact_deadline == contact_deadline(referral.unit, referral.received_at)
        referral.full_clean()
    for model in (Household, Child, Guardian, Consent):
        for row in every(model.objects.all()):
            row.full_clean()
