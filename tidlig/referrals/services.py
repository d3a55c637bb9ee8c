"""Every write about referrals: receiving them through any door, screening, triage, first contact."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Competence, Institution, Unit, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.consent.models import Information
from tidlig.consent.services import give_consent
from tidlig.lib.dates import today
from tidlig.people.models import Child, Guardian, GuardianRelation, Household
from tidlig.people.services import assign_worker
from tidlig.referrals.models import AnonymousCounselling, Referral

SCREENING_CONFLICT = gettext_noop(
    "Screeningen er ændret af en kollega imens. Se begge versioner, og gem igen."
)
ALREADY_DECIDED = gettext_noop("Henvendelsen er allerede behandlet: {decision} af {who} {when}.")
AUTHORITY_CASE = gettext_noop(
    "Barnet har en åben sag hos myndigheden og er ikke i målgruppen. Send henvendelsen videre til "
    "myndigheden, så sagsbehandleren kan tage den med i sagen."
)
NOT_BOUNDED = gettext_noop(
    "Problemet er ikke afgrænset. Send henvendelsen videre til myndigheden, som kan vurdere, om der er "
    "brug for en børnefaglig undersøgelse."
)
NOT_SCREENED = gettext_noop("Henvendelsen skal screenes, før familien kan visiteres.")
NEED_WORKER = gettext_noop("Vælg den medarbejder, der skal have familien.")
NEED_FORWARD_TO = gettext_noop("Vælg, hvem henvendelsen sendes videre til.")
NEED_REASON = gettext_noop("Skriv en kort begrundelse.")
NOT_ASSIGNED_TO_YOU = gettext_noop(
    "Kun den medarbejder, der har familien, kan registrere den første kontakt."
)
CONSENT_VALID_DAYS = 365


@dataclass(frozen=True)
class ChildIn:
    first_name: str
    last_name: str
    birth_date: dt.date
    birth_date_is_estimate: bool = False
    institution_group_id: int | None = None
    cpr: str = ""  # already normalised (tidlig.lib.cpr.normalize_cpr), or empty


@dataclass(frozen=True)
class GuardianIn:
    first_name: str
    last_name: str
    phone: str = ""
    email: str = ""
    relation: str = GuardianRelation.Relation.OTHER
    has_custody: bool = True

    @classmethod
    def from_form(cls, data: dict) -> "GuardianIn":
        """From a form's cleaned data; a form that does not ask about custody means the adult holds it."""
        return cls(
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            relation=data["relation"],
            has_custody=data.get("has_custody", True),
        )


@dataclass(frozen=True)
class ConsentIn:
    """Consent recorded in the same step as a partner's referral (who gave it and how)."""

    given_how: str
    share_back_with: Institution | None = None
    purpose: str = ""
    information: tuple[str, ...] = field(default=(Information.BASIC, Information.CONCERN))


def contact_deadline(unit: Unit, received: dt.datetime) -> dt.date:
    """Seed 004: the family is in contact with its worker within a week; the unit sets the days."""
    return timezone.localtime(received).date() + dt.timedelta(days=unit.contact_deadline_days)


def _household_name(guardians: list[GuardianIn], children: list[ChildIn]) -> str:
    surname = next((p.last_name for p in [*guardians, *children] if p.last_name), "")
    return f"Familien {surname}" if surname else _("Familie uden navn")


@transaction.atomic
def receive_referral(
    *,
    unit: Unit,
    door: str,
    source: str,
    channel: str,
    concern: str,
    children: list[ChildIn],
    guardians: list[GuardianIn],
    wish: str = Referral.Wish.UNSURE,
    contact_preference: str = "",
    referrer_description: str = "",
    referred_by: User | None = None,
    submission_token: str | None = None,
    consent: ConsentIn | None = None,
) -> Referral:
    """Register a referral with its family, all or nothing. The same submission token twice returns
    the first referral (a double click makes one referral, not two). A partner's referral needs the
    guardian's consent to share with the unit (seeds 000, 001: consent before data is shared)."""
    if submission_token:
        existing = Referral.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if not children:
        raise ValidationError(_("Skriv mindst ét barn."))
    if door == Referral.Door.PARTNER and (consent is None or not any(g.has_custody for g in guardians)):
        raise ValidationError(
            _("En henvisning kræver samtykke fra en forælder med forældremyndighed. Registrér samtykket.")
        )
    now = timezone.now()
    household = Household.objects.create(name=_household_name(guardians, children), unit=unit)
    child_rows = []
    for c in children:
        child = Child(
            household=household,
            first_name=c.first_name,
            last_name=c.last_name,
            birth_date=c.birth_date,
            birth_date_is_estimate=c.birth_date_is_estimate,
            institution_group_id=c.institution_group_id,
        )
        child.set_cpr(c.cpr)
        child.save()
        child_rows.append(child)
    guardian_rows = []
    for g in guardians:
        guardian = Guardian.objects.create(
            household=household, first_name=g.first_name, last_name=g.last_name, phone=g.phone, email=g.email
        )
        GuardianRelation.objects.bulk_create(
            GuardianRelation(guardian=guardian, child=c, relation=g.relation, has_custody=g.has_custody)
            for c in child_rows
        )
        guardian_rows.append(guardian)
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                household=household,
                unit=unit,
                received_at=now,
                door=door,
                source=source,
                channel=channel,
                referred_by=referred_by,
                referrer_description=referrer_description,
                concern=concern,
                wish=wish,
                contact_preference=contact_preference,
                contact_deadline=contact_deadline(unit, now),
                submission_token=submission_token or None,
            )
    except IntegrityError:
        # The same token won a race in another request: undo ours and return that one.
        transaction.set_rollback(True)
        return Referral.objects.get(submission_token=submission_token)
    record_change(
        actor=referred_by,
        event="referral.received",
        target=referral,
        persons=[*child_rows, *guardian_rows],
        purpose=Purpose.TRIAGE,
        action=AccessLog.Action.CREATE,
        detail={
            "door": door,
            "source": source,
            "channel": channel,
            "cpr_given": any(c.cpr for c in children),
        },
    )
    if consent is not None:
        custodian = next(g for g, gi in zip(guardian_rows, guardians, strict=True) if gi.has_custody)
        give_consent(
            actor=referred_by,
            given_by=custodian,
            given_how=consent.given_how,
            children=child_rows,
            information=list(consent.information),
            recipient_units=[unit],
            recipient_institutions=[consent.share_back_with] if consent.share_back_with else [],
            purpose=consent.purpose
            or _("Henvisning til %(unit)s og samarbejde om barnets trivsel") % {"unit": unit},
            valid_from=today(),
            valid_until=today() + dt.timedelta(days=CONSENT_VALID_DAYS),
        )
    return referral


@transaction.atomic
def screen_referral(
    referral: Referral,
    *,
    actor: User,
    wellbeing_score: int,
    motivation: str,
    has_authority_case: bool,
    is_bounded: bool,
    competences: list[Competence],
    note: str = "",
    version: int | None = None,
) -> Referral:
    """The check before a course (seed 000 3.4): Trivselslineal placement, motivation, exclusion rules.
    Optimistic locking: a save names the version it was based on (None: "not screened yet"). If a colleague
    saved in between, nothing is overwritten; the caller gets a conflict and shows both versions."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError(_("Henvendelsen er allerede visiteret og kan ikke screenes igen."))
    if (version is None and referral.screened_at is not None) or version not in (None, referral.version):
        raise ValidationError(_(SCREENING_CONFLICT), code="conflict")
    from tidlig.measurements.queries import active_wellbeing_scale

    scale = active_wellbeing_scale()
    if not scale.minimum <= wellbeing_score <= scale.maximum:
        raise ValidationError(
            _("Placeringen skal være mellem %(min)s og %(max)s.")
            % {"min": scale.minimum, "max": scale.maximum}
        )
    referral.wellbeing_scale = scale
    referral.wellbeing_score = wellbeing_score
    referral.motivation = motivation
    referral.has_authority_case = has_authority_case
    referral.is_bounded = is_bounded
    referral.screening_note = note
    referral.screened_by = actor
    referral.screened_at = timezone.now()
    referral.status = Referral.Status.SCREENED
    referral.version += 1
    referral.save()
    referral.competences_needed.set(competences)
    record_change(
        actor=actor,
        event="referral.screened",
        target=referral,
        persons=referral.household.children.all(),
        purpose=Purpose.TRIAGE,
        detail={
            "wellbeing_score": wellbeing_score,
            "scale_version": scale.version,
            "excluded": has_authority_case,
        },
    )
    return referral


@transaction.atomic
def triage_referral(
    referral: Referral,
    *,
    actor: User,
    decision: str,
    reason: str,
    forwarded_to: str = "",
    worker: User | None = None,
) -> Referral:
    """The leader's decision at the weekly triage, and for an accepted family its worker, in one step.

    The referral row is locked first, so when two leaders decide at once the second waits, then sees
    the first decision and is told who made it; nothing is decided twice (ASVS 2.3.4).
    """
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("decided_by", "assigned_worker")
        .get(pk=referral.pk)
    )
    if not referral.is_open:
        when = timezone.localtime(referral.decided_at).strftime("%d.%m.%Y kl. %H.%M")
        message = _(ALREADY_DECIDED).format(
            decision=referral.get_decision_display().lower(), who=referral.decided_by, when=when
        )
        if referral.assigned_worker:
            message += " " + _("Familien er tildelt %(worker)s.") % {"worker": referral.assigned_worker}
        raise ValidationError(message, code="already_decided")
    if not reason.strip():
        raise ValidationError(_(NEED_REASON))
    if decision == Referral.Decision.ACCEPT:
        if referral.status != Referral.Status.SCREENED:
            raise ValidationError(_(NOT_SCREENED))
        if referral.has_authority_case:
            raise ValidationError(_(AUTHORITY_CASE))
        if referral.is_bounded is False:
            raise ValidationError(_(NOT_BOUNDED))
        if worker is None:
            raise ValidationError(_(NEED_WORKER))
        referral.status = Referral.Status.ACCEPTED
    elif decision == Referral.Decision.FORWARD:
        if not forwarded_to:
            raise ValidationError(_(NEED_FORWARD_TO))
        referral.status = Referral.Status.FORWARDED
        referral.forwarded_to = forwarded_to
    elif decision == Referral.Decision.DECLINE:
        referral.status = Referral.Status.DECLINED
    else:
        raise ValidationError(_("Ukendt beslutning."))
    now = timezone.now()
    referral.decision = decision
    referral.decision_reason = reason
    referral.decided_by = actor
    referral.decided_at = now
    if worker is not None and decision == Referral.Decision.ACCEPT:
        assign_worker(referral.household, actor=actor, worker=worker)  # checks unit and role
        referral.assigned_worker = worker
        referral.assigned_at = now
    referral.save()
    record_change(
        actor=actor,
        event=f"referral.{decision}",
        target=referral,
        persons=referral.household.children.all(),
        purpose=Purpose.TRIAGE,
        detail={"forwarded_to": forwarded_to, "worker": worker.username if worker else ""},
    )
    return referral


@transaction.atomic
def record_first_contact(referral: Referral, *, actor: User, at: dt.datetime) -> Referral:
    """Stops the service-level clock. Recording it again keeps the first time."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.assigned_worker_id != actor.pk and not (
        actor.is_leader and actor.unit_id == referral.unit_id
    ):
        raise ValidationError(_(NOT_ASSIGNED_TO_YOU))
    if at > timezone.now():
        raise ValidationError(_("Den første kontakt kan ikke ligge i fremtiden."))
    if at < referral.received_at - dt.timedelta(minutes=1):
        raise ValidationError(_("Den første kontakt kan ikke ligge før henvendelsen kom."))
    if referral.first_contact_at is None:
        referral.first_contact_at = at
        referral.save(update_fields=["first_contact_at"])
        record_change(
            actor=actor,
            event="referral.first_contact",
            target=referral,
            persons=referral.household.children.all(),
            purpose=Purpose.PREVENTIVE_WORK,
            detail={"days": referral.days_to_first_contact()},
        )
    return referral


@transaction.atomic
def record_anonymous_counselling(
    *, actor: User, date: dt.date, channel: str, topic: str, age_band: str, duration_minutes: int
) -> AnonymousCounselling:
    """Counts for statistics; the model has no field that could identify the family (Barnets lov § 29)."""
    if date > today():
        raise ValidationError(_("Datoen ligger i fremtiden."))
    return AnonymousCounselling.objects.create(
        unit=actor.unit,
        date=date,
        channel=channel,
        topic=topic,
        age_band=age_band,
        duration_minutes=duration_minutes,
        recorded_by=actor,
    )
