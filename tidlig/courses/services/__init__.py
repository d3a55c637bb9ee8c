"""Every write about a course: opening it, contacts within the offer's limits, extensions, goals, closing."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.courses.models import Contact, Course, ExtensionRequest, Goal
from tidlig.courses.rules import (
    COURSE_CLOSED,
    check_closing,
    check_contact,
    check_contact_limits,
    check_extension_request,
    limit_raised_by,
)
from tidlig.courses.services.results import summarise
from tidlig.lib.dates import today
from tidlig.measurements.models import Response, WellbeingPlacement
from tidlig.offers.models import Offer
from tidlig.people.models import Household, HouseholdAssignment
from tidlig.people.services import end_assignment
from tidlig.referrals.models import Referral
from tidlig.referrals.services import first_contact_at_start_meeting

CONTACT_FORM_USED = gettext_noop("Formularen er allerede brugt. Hent siden igen, og registrér kontakten.")
GOAL_CONFLICT = gettext_noop("Målet er ændret af {who} imens. Se begge versioner, og gem igen.")
NOT_ACCEPTED = gettext_noop("Et forløb kan kun åbnes for en henvendelse, der er visiteret.")
ALREADY_HAS_COURSE = gettext_noop("Der er allerede et forløb for denne henvendelse.")


def _persons(course: Course):
    return [*course.household.children.all(), *course.household.guardians.all()]


@dataclass(frozen=True)
class GoalIn:
    text: str
    start_rating: int | None = None


@transaction.atomic
def open_course(
    *,
    actor: User,
    household: Household,
    offer: Offer,
    workers: list[User],
    start_meeting_on: dt.date,
    goals: list[GoalIn],
    referral: Referral | None = None,
) -> Course:
    """A start meeting with the family opens the course; goals are written in the family's own words."""
    if referral is not None:
        referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
        if referral.status != Referral.Status.ACCEPTED:
            raise ValidationError(_(NOT_ACCEPTED))
        if Course.objects.filter(referral=referral).exists():
            raise ValidationError(_(ALREADY_HAS_COURSE))
    if not workers:
        raise ValidationError(_("Vælg mindst én medarbejder."))
    if start_meeting_on > today():
        raise ValidationError(_("Opstartsmødet kan ikke ligge i fremtiden."))
    course = Course.objects.create(
        household=household,
        referral=referral,
        offer=offer,
        start_meeting_on=start_meeting_on,
        created_by=actor,
    )
    course.workers.set(workers)
    Goal.objects.bulk_create(
        Goal(course=course, text=g.text, start_rating=g.start_rating) for g in goals if g.text.strip()
    )
    if referral is not None:
        # why: the start meeting is a contact with the family; it stops the service-level clock
        first_contact_at_start_meeting(referral, start_meeting_on=start_meeting_on)
    record_change(
        actor=actor,
        event="course.opened",
        target=course,
        persons=_persons(course),
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"offer": offer.name, "goals": len(goals)},
    )
    return course


def contact_counts(course: Course) -> tuple[int, int]:
    contacts = list(course.contacts.values_list("kind", flat=True))
    return len(contacts), sum(1 for k in contacts if k == Contact.Kind.NETWORK_MEETING)


@transaction.atomic
def record_contact(
    course: Course,
    *,
    actor: User,
    date: dt.date,
    duration_minutes: int,
    kind: str,
    place: str,
    family_participants: str = "",
    private_network: str = "",
    professionals: str = "",
    note: str = "",
    kilometres=None,
    submission_token: str | None = None,
) -> Contact:
    """One meeting, call or video session. The offer's limits hold (Aabenraa: 12 contacts including 2
    network meetings; Skive: 5); going past them needs an approved extension. The same submission
    token twice (a double click) records one contact."""
    # why: the course row only (decision 0017); a bare FOR UPDATE also locked the joined offer, so every
    # contact on any course of the same offer waited for the one before it to commit
    course = (
        Course.objects.select_for_update(of=("self",)).select_related("offer", "household").get(pk=course.pk)
    )
    if submission_token:
        existing = Contact.objects.filter(submission_token=submission_token).first()
        if existing is not None and existing.course_id == course.pk:
            return existing  # the same form posted again: answer as the first post did
        if existing is not None:
            # why: a token from another course's form is never an answer about this one
            raise ValidationError(_(CONTACT_FORM_USED), code="token")
    if not course.is_open:
        raise ValidationError(_(COURSE_CLOSED))
    check_contact(
        course, date=date, kind=kind, private_network=private_network, professionals=professionals, on=today()
    )
    contacts, network_meetings = contact_counts(course)
    check_contact_limits(course, kind=kind, contacts=contacts, network_meetings=network_meetings)
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                course=course,
                date=date,
                duration_minutes=duration_minutes,
                kind=kind,
                place=place,
                family_participants=family_participants,
                private_network=private_network,
                professionals=professionals,
                note=note,
                kilometres=kilometres,
                recorded_by=actor,
                submission_token=submission_token or None,
            )
    except IntegrityError:
        # why: only another course's contact can hold the token here, since this course's row is locked
        raise ValidationError(_(CONTACT_FORM_USED), code="token") from None
    record_change(
        actor=actor,
        event="contact.recorded",
        target=course,
        persons=course.household.children.all(),
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"contact": str(contact.uuid), "kind": kind, "place": place},
    )
    return contact


@transaction.atomic
def request_extension(course: Course, *, actor: User, kind: str, extra: int, reason: str) -> ExtensionRequest:
    if not course.is_open:
        raise ValidationError(_(COURSE_CLOSED))
    check_extension_request(extra=extra, reason=reason)
    if course.extension_requests.filter(status=ExtensionRequest.Status.PENDING, kind=kind).exists():
        raise ValidationError(_("Der er allerede en anmodning, som venter på lederen."))
    request = ExtensionRequest.objects.create(
        course=course, kind=kind, extra=extra, reason=reason, requested_by=actor
    )
    record_change(
        actor=actor,
        event="course.extension_requested",
        target=course,
        persons=[],
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"kind": kind, "extra": extra},
    )
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, actor: User, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The leader approves or rejects; an approval raises the course's limit at once."""
    request = ExtensionRequest.objects.select_for_update().select_related("course").get(pk=request.pk)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ValidationError(_("Anmodningen er allerede behandlet."))
    if not (actor.is_leader and actor.unit_id == request.course.offer.unit_id):
        raise ValidationError(_("Kun lederen af enheden kan godkende en forlængelse."))
    request.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        field = limit_raised_by(request)
        Course.objects.filter(pk=request.course_id).update(**{field: F(field) + request.extra})
    record_change(
        actor=actor,
        event=f"course.extension_{request.status}",
        target=request.course,
        persons=[],
        purpose=Purpose.SUPERVISION,
        detail={"kind": request.kind, "extra": request.extra},
    )
    return request


@transaction.atomic
def update_goal(
    goal: Goal, *, actor: User, version: int, text: str, start_rating: int | None, end_rating: int | None
) -> Goal:
    """Optimistic locking: the save names the version it was based on. If someone saved in between,
    nothing is overwritten; the caller gets a conflict and shows both versions (ASVS 2.3.4)."""
    updated = Goal.objects.filter(pk=goal.pk, version=version).update(
        text=text, start_rating=start_rating, end_rating=end_rating, version=F("version") + 1
    )
    if not updated:
        raise ValidationError(_(GOAL_CONFLICT).format(who=_("en kollega")), code="conflict")
    goal.refresh_from_db()
    record_change(
        actor=actor,
        event="goal.changed",
        target=goal.course,
        persons=[],
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"goal": str(goal.uuid)},
    )
    return goal


@transaction.atomic
def close_course(
    course: Course, *, actor: User, reason: str, closed_on: dt.date, missing_measurements_reason: str = ""
) -> Course:
    """Closing needs the end Trivselslineal for every child and the family's metafeedback, unless the
    worker records why they are missing (Skive Kommune: start and end measurement; Aabenraa Kommune 2025,
    section 4.1: metafeedback)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.is_open:
        return course  # closing twice changes nothing
    if reason not in Course.CloseReason.values:
        raise ValidationError(_("Vælg en årsag."))
    if closed_on < course.start_meeting_on or closed_on > today():
        raise ValidationError(_("Afslutningsdatoen skal ligge mellem opstartsmødet og i dag."))
    children = set(course.household.children.values_list("pk", flat=True))
    ended = set(
        WellbeingPlacement.objects.filter(course=course, moment=WellbeingPlacement.Moment.END).values_list(
            "child_id", flat=True
        )
    )
    has_metafeedback = Response.objects.filter(course=course, instrument__kind="metafeedback").exists()
    check_closing(
        children=children,
        ended=ended,
        has_metafeedback=has_metafeedback,
        missing_measurements_reason=missing_measurements_reason,
    )
    course.status = Course.Status.CLOSED
    course.close_reason = reason
    course.closed_on = closed_on
    course.missing_measurements_reason = missing_measurements_reason
    course.save(update_fields=["status", "close_reason", "closed_on", "missing_measurements_reason"])
    summarise([course.pk])
    _let_go(course, actor=actor)
    record_change(
        actor=actor,
        event="course.closed",
        target=course,
        persons=_persons(course),
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"reason": reason, "measurements_missing": bool(missing_measurements_reason)},
    )
    return course


def _let_go(course: Course, *, actor: User) -> None:
    """The help has ended: the course's workers no longer hold the family, unless another open course of
    the family names them. Their load drops, and the family's retention period can begin (decision 0016,
    addendum). A new referral assigns the family again."""
    still = Course.objects.filter(household_id=course.household_id, status=Course.Status.OPEN).exclude(
        pk=course.pk
    )
    held = HouseholdAssignment.objects.filter(
        household_id=course.household_id, ended_at__isnull=True, worker__in=course.workers.all()
    ).exclude(worker__in=User.objects.filter(courses__in=still))
    for assignment in held.select_related("worker", "household"):
        end_assignment(assignment, actor=actor)
