"""The retention job: anonymise the families past their retention, clear old group notes, prune the public
forms' throttle rows and purge the access log after its own period (docs/decisions/0016-retention.md).

Identity is removed for real: overwritten or deleted, in the same transaction that marks the family as
anonymised. What statistics need stays (dates, offers, legal bases, contact forms, FIT and Trivselslineal
scores), attached to anonymous remains of the family, so every KPI for a past period adds up as before.
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tidlig.audit.services import purge_access_log, record_retention_run
from tidlig.consent.models import Consent
from tidlig.courses.models import Contact, Course, ExtensionRequest, Goal
from tidlig.groups.models import Enrollment, Session
from tidlig.lib.dates import months_before, today
from tidlig.measurements.models import ItemScore, PlacementCorrection, Response
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals.models import PublicSubmission, Referral
from tidlig.referrals.services_public import KEEP_FOR


@dataclass(frozen=True)
class Cutoffs:
    """An ending before the day is past its period."""

    course: dt.date
    referral: dt.date
    access_log: dt.date


@dataclass
class RetentionRun:
    """What one run did, as counts: the run's audit row holds these and nothing else."""

    households: int = 0
    children: int = 0
    guardians: int = 0
    consents_deleted: int = 0
    session_notes_cleared: int = 0
    throttle_rows_deleted: int = 0
    access_log_rows_deleted: int = 0

    def as_detail(self) -> dict[str, int]:
        return asdict(self)


def cutoffs(on: dt.date) -> Cutoffs:
    return Cutoffs(
        course=months_before(on, settings.RETENTION_COURSE_MONTHS),
        referral=months_before(on, settings.RETENTION_REFERRAL_MONTHS),
        access_log=months_before(on, settings.RETENTION_ACCESS_LOG_MONTHS),
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def due_households(on: dt.date) -> QuerySet[Household]:
    """Families with nothing open and every ending older than its period (the table in decision 0016):
    a course closed before the course cut-off; a referral that never became a course decided, contacted
    and received before the referral cut-off; no consent still running; every group they were on ended
    before the course cut-off; no worker still assigned to them; and the family registered before the
    referral cut-off. The open relations that keep a family are listed in the decision's addendum."""
    cut = cutoffs(on)
    referral_from = _start_of(cut.referral)
    family = OuterRef("pk")
    live_course = Course.objects.filter(household=family).filter(
        Q(status=Course.Status.OPEN) | Q(closed_on__isnull=True) | Q(closed_on__gte=cut.course)
    )
    live_referral = Referral.objects.filter(household=family, course__isnull=True).filter(
        Q(status__in=[Referral.Status.NEW, Referral.Status.SCREENED])
        | Q(status=Referral.Status.ACCEPTED, first_contact_at__isnull=True)
        | Q(received_at__gte=referral_from)
        | Q(decided_at__gte=referral_from)
        | Q(first_contact_at__gte=referral_from)
    )
    running_consent = Consent.objects.filter(household=family, withdrawn_at__isnull=True, valid_until__gte=on)
    recent_group = Enrollment.objects.filter(household=family, group__ends_on__gte=cut.course)
    # why: a worker still holds the family (it is on her home page), whatever its courses and referrals say
    held = HouseholdAssignment.objects.filter(household=family, ended_at__isnull=True)
    return (
        Household.objects.filter(anonymised_on__isnull=True, created_at__lt=referral_from)
        .exclude(Exists(live_course))
        .exclude(Exists(live_referral))
        .exclude(Exists(running_consent))
        .exclude(Exists(recent_group))
        .exclude(Exists(held))
    )


@transaction.atomic
def anonymise_household(household_id: int, *, on: dt.date) -> RetentionRun:
    """Overwrite or delete everything that identifies one family, in one transaction. The rule is checked
    again under the row lock, so a referral arriving meanwhile keeps the family. Twice changes nothing."""
    household = due_households(on).select_for_update().filter(pk=household_id).first()
    done = RetentionRun()
    if household is None:
        return done
    courses = Course.objects.filter(household=household)
    responses = Response.objects.filter(
        Q(course__household=household) | Q(child__household=household) | Q(guardian__household=household)
    )
    ItemScore.objects.filter(response__in=responses).exclude(text="").update(text="")
    Response.objects.filter(pk__in=responses.values("pk")).update(submission_token=None)
    PlacementCorrection.objects.filter(placement__child__household=household).update(reason="")
    Goal.objects.filter(course__in=courses).update(text="")
    Contact.objects.filter(course__in=courses).update(
        family_participants="", private_network="", professionals="", note="", submission_token=None
    )
    ExtensionRequest.objects.filter(course__in=courses).update(reason="", decision_note="")
    courses.update(missing_measurements_reason="")
    Referral.objects.filter(household=household).update(
        referrer_description="",
        concern="",
        contact_preference="",
        screening_note="",
        decision_reason="",
        # why: the partner who referred points at a school class, and the class at the child
        referred_by=None,
        submission_token=None,
    )
    done.consents_deleted = (
        Consent.objects.filter(household=household).delete()[1].get(Consent._meta.label, 0)
    )
    GuardianRelation.objects.filter(child__household=household).delete()
    HouseholdAssignment.objects.filter(household=household).delete()
    done.guardians = Guardian.objects.filter(household=household).update(
        first_name="", last_name="", phone="", email="", address=""
    )
    children = list(Child.objects.filter(household=household).only("pk", "birth_date"))
    for child in children:
        # why: the birth year is all a statistic by age needs; the full date identifies
        Child.objects.filter(pk=child.pk).update(
            first_name="",
            last_name="",
            cpr_encrypted="",
            cpr_digest="",
            birth_date=dt.date(child.birth_date.year, 1, 1),
            birth_date_is_estimate=True,
            institution_group=None,
        )
    done.children = len(children)
    Household.objects.filter(pk=household.pk).update(name="", anonymised_on=on)
    done.households = 1
    return done


@transaction.atomic
def clear_session_notes(on: dt.date) -> int:
    """A group session's note may name any family on the group: cleared when the group is past the
    course period, whether or not each family on it is already anonymised."""
    return Session.objects.filter(group__ends_on__lt=cutoffs(on).course).exclude(note="").update(note="")


def apply_retention(*, on: dt.date | None = None) -> RetentionRun:
    """The nightly run: one transaction per family, then the short-lived rows and the access log, and
    one audit row with the counts."""
    on = on or today()
    run = RetentionRun()
    for household_id in list(due_households(on).order_by("pk").values_list("pk", flat=True)):
        done = anonymise_household(household_id, on=on)
        run.households += done.households
        run.children += done.children
        run.guardians += done.guardians
        run.consents_deleted += done.consents_deleted
    run.session_notes_cleared = clear_session_notes(on)
    with transaction.atomic():
        stale = PublicSubmission.objects.filter(at__lt=timezone.now() - KEEP_FOR)
        run.throttle_rows_deleted = stale.delete()[0]
        run.access_log_rows_deleted = purge_access_log(before=_start_of(cutoffs(on).access_log))
        record_retention_run(detail=run.as_detail())
    return run
