"""Every write about groups (hold): creating one, enrolling with a waiting list, sessions with attendance,
and FIT in groups (group alliance per participant per session; outcome at start and end)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.groups.models import Attendance, Enrollment, Group, Session, Strand
from tidlig.groups.rules import enrolment_status, first_waiting
from tidlig.lib.dates import today
from tidlig.measurements import services as measurements
from tidlig.measurements.models import Instrument, Response, role_for_child
from tidlig.measurements.scoring import clean_scores
from tidlig.offers.models import Offer
from tidlig.people.models import Child, Guardian

NOT_A_GROUP_OFFER = gettext_noop("Tilbuddet “{offer}” er ikke et gruppetilbud.")
CAPACITY = gettext_noop("Et hold skal have mindst én plads.")
DATES = gettext_noop("Holdets sidste gang kan ikke ligge før første gang.")
LEADERS = gettext_noop("Vælg mindst én holdleder fra enheden.")
ALREADY_ENROLLED = gettext_noop("{name} er allerede tilmeldt holdet.")
WHO = gettext_noop("Vælg et barn eller en voksen.")
SESSION_DATE = gettext_noop("Gruppemødet skal ligge i holdets periode og ikke i fremtiden.")
NOT_ENROLLED = gettext_noop("{name} er ikke tilmeldt holdet.")
WRONG_INSTRUMENT = gettext_noop("Brug holdets samarbejdsskema eller trivselsskemaet.")
NOT_SUITED = gettext_noop("“{instrument}” passer ikke til {name}s alder eller rolle.")

DEFAULT_STRANDS = {
    "children": [("Børnegruppe", Strand.Audience.CHILDREN)],
    "parents": [("Forældregruppe", Strand.Audience.PARENTS)],
}


@transaction.atomic
def create_group(
    *,
    actor: User,
    offer: Offer,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    leaders: list[User],
    schedule: str = "",
    place: str = "",
    is_digital: bool = False,
    strands: list[tuple[str, str]] = (),
) -> Group:
    if offer.format not in (Offer.Format.GROUP, Offer.Format.BOTH):
        raise ValidationError(_(NOT_A_GROUP_OFFER).format(offer=offer))
    if capacity < 1:
        raise ValidationError(_(CAPACITY))
    if ends_on < starts_on:
        raise ValidationError(_(DATES))
    if not leaders or any(leader.unit_id != offer.unit_id for leader in leaders):
        raise ValidationError(_(LEADERS))
    group = Group.objects.create(
        offer=offer,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        schedule=schedule,
        place=place,
        is_digital=is_digital,
    )
    group.leaders.set(leaders)
    Strand.objects.bulk_create(Strand(group=group, name=n, audience=a) for n, a in strands)
    record_change(
        actor=actor,
        event="group.created",
        target=group,
        persons=[],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"offer": offer.name, "capacity": capacity},
    )
    return group


@transaction.atomic
def enroll(
    group: Group, *, actor: User, child: Child | None = None, guardian: Guardian | None = None
) -> Enrollment:
    """A place if there is one, otherwise the waiting list. The group row is locked, so two enrollments
    at once cannot both take the last place."""
    if (child is None) == (guardian is None):
        raise ValidationError(_(WHO))
    group = Group.objects.select_for_update().get(pk=group.pk)
    person = child or guardian
    taken = group.enrollments.filter(status=Enrollment.Status.ENROLLED).count()
    status = enrolment_status(taken=taken, capacity=group.capacity)
    earlier = group.enrollments.filter(child=child, guardian=guardian, status=Enrollment.Status.LEFT).first()
    if earlier is not None:
        # why: someone who stopped may come back; the same row keeps their attendance history
        earlier.status, earlier.enrolled_at, earlier.enrolled_by = status, timezone.now(), actor
        earlier.save(update_fields=["status", "enrolled_at", "enrolled_by"])
        record_change(
            actor=actor,
            event=f"group.{status}",
            target=group,
            persons=[person],
            purpose=Purpose.PREVENTIVE_WORK,
            detail={"returned": True},
        )
        return earlier
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                group=group,
                household_id=person.household_id,
                child=child,
                guardian=guardian,
                status=status,
                enrolled_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_(ALREADY_ENROLLED).format(name=person.full_name), code="duplicate") from None
    record_change(
        actor=actor,
        event=f"group.{status}",
        target=group,
        persons=[person],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
    )
    return enrollment


def _set_status(enrollment: Enrollment, status: str, *, group: Group, actor: User, event: str) -> None:
    enrollment.status = status
    enrollment.save(update_fields=["status"])
    record_change(
        actor=actor, event=event, target=group, persons=[enrollment.person], purpose=Purpose.PREVENTIVE_WORK
    )


@transaction.atomic
def leave(enrollment: Enrollment, *, actor: User) -> Enrollment | None:
    """A participant stops; the first on the waiting list gets the place. Returns who moved up, if anyone."""
    group = Group.objects.select_for_update().get(pk=enrollment.group_id)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    was_enrolled = enrollment.status == Enrollment.Status.ENROLLED
    _set_status(enrollment, Enrollment.Status.LEFT, group=group, actor=actor, event="group.left")
    if not was_enrolled:
        return None
    first = first_waiting(
        group.enrollments.filter(status=Enrollment.Status.WAITING).order_by("enrolled_at", "id")[:1]
    )
    if first is not None:
        _set_status(first, Enrollment.Status.ENROLLED, group=group, actor=actor, event="group.moved_up")
    return first


@transaction.atomic
def record_session(
    group: Group,
    *,
    actor: User,
    date: dt.date,
    present: set[int],
    strand: Strand | None = None,
    note: str = "",
) -> Session:
    """A group session and who came: every enrolled participant gets a row, present or not."""
    if not (group.starts_on <= date <= group.ends_on) or date > today():
        raise ValidationError(_(SESSION_DATE))
    if strand is not None and strand.group_id != group.pk:
        raise ValidationError(_("Sporet hører ikke til holdet."))
    session = Session.objects.create(group=group, strand=strand, date=date, note=note, recorded_by=actor)
    enrolled = list(
        group.enrollments.filter(status=Enrollment.Status.ENROLLED).select_related("child", "guardian")
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, enrollment=e, present=e.pk in present) for e in enrolled
    )
    record_change(
        actor=actor,
        event="group.session_recorded",
        target=group,
        persons=[e.person for e in enrolled],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"present": sum(1 for e in enrolled if e.pk in present), "enrolled": len(enrolled)},
    )
    return session


def role_of(enrollment: Enrollment, on: dt.date) -> str:
    """The respondent role of a participant on a day: a parent, or a child or young person (13+, as in
    courses: measurements.models.role_for_child)."""
    if enrollment.guardian_id:
        return Response.Role.PARENT
    return role_for_child(enrollment.child, on)


def suits(instrument: Instrument, enrollment: Enrollment, on: dt.date) -> bool:
    """The instrument is for the participant's role and, for a child, the child's age band on that day."""
    age = None if enrollment.child_id is None else enrollment.child.age_on(on)
    return instrument.suits(role_of(enrollment, on), age)


@transaction.atomic
def record_group_response(
    *,
    actor: User,
    group: Group,
    enrollment: Enrollment,
    instrument: Instrument,
    scores: dict,
    session: Session | None = None,
) -> Response:
    """FIT in groups: the group alliance scale per participant per session, or outcome at start and end."""
    if instrument.kind not in (Instrument.Kind.GROUP_ALLIANCE, Instrument.Kind.OUTCOME):
        raise ValidationError(_(WRONG_INSTRUMENT))
    if enrollment.group_id != group.pk or enrollment.status != Enrollment.Status.ENROLLED:
        raise ValidationError(_(NOT_ENROLLED).format(name=enrollment.person.full_name))
    if session is not None and session.group_id != group.pk:
        raise ValidationError(_("Gruppemødet hører ikke til holdet."))
    # why: the role and the age band on the session's day, as the form offered them; not today's age
    on = session.date if session is not None else today()
    if not suits(instrument, enrollment, on):
        raise ValidationError(
            _(NOT_SUITED).format(instrument=instrument.name, name=enrollment.person.full_name), code="suits"
        )
    role = role_of(enrollment, on)
    cleaned, total = clean_scores(instrument, scores)
    response = measurements.save_response(
        instrument=instrument,
        cleaned=cleaned,
        total=total,
        group=group,
        group_session=session,
        role=role,
        child=enrollment.child,
        guardian=enrollment.guardian,
        answered_at=timezone.now(),
        entered_by=actor,
    )
    record_change(
        actor=actor,
        event="group.fit_recorded",
        target=group,
        persons=[enrollment.person],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"instrument": instrument.code, "total": str(total)},
    )
    return response
