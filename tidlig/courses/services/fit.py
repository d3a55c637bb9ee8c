"""FIT and the Trivselslineal in a course: a respondent's answers, a placement and its correction. The rows
are measurements' own (written through `measurements.services`); the course's rules are checked here."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.courses.models import Contact, Course
from tidlig.courses.rules import CONTACT_REQUIRED, COURSE_CLOSED, NOT_IN_HOUSEHOLD, check_respondent
from tidlig.lib.dates import today
from tidlig.lib.text import validate_plain_text
from tidlig.measurements import services as measurements
from tidlig.measurements.models import Instrument, Response, WellbeingPlacement
from tidlig.measurements.queries import active_wellbeing_scale
from tidlig.measurements.scoring import clean_scores
from tidlig.people.models import Child, Guardian

CONTACT_NOT_IN_COURSE = gettext_noop("Kontakten hører ikke til forløbet.")
INSTRUMENT_INACTIVE = gettext_noop("Måleredskabet “{instrument}” er ikke længere i brug.")
PLACEMENT_RANGE = gettext_noop("Placeringen skal ligge mellem {low} og {high}.")
PLACEMENT_IN_FUTURE = gettext_noop("Datoen kan ikke ligge i fremtiden.")
START_EXISTS = gettext_noop("Startmålingen er allerede registreret. Ret den i stedet.")
END_EXISTS = gettext_noop("Slutmålingen er allerede registreret. Ret den i stedet.")
CORRECTION_REASON = gettext_noop("Skriv, hvorfor placeringen rettes.")
CORRECTION_SAME = gettext_noop("Den nye placering er den samme som den gamle.")


def _persons(child, guardian) -> list:
    return [p for p in (child, guardian) if p is not None]


@transaction.atomic
def record_response(
    course: Course,
    *,
    actor: User,
    instrument: Instrument,
    role: str,
    child: Child | None = None,
    guardian: Guardian | None = None,
    contact: Contact | None = None,
    scores: dict,
    mode: str = Response.Mode.TYPED,
    submission_token: str | None = None,
) -> Response:
    """One respondent's answers to one instrument (FIT at every session; metafeedback at the
    end, Aabenraa Kommune 2025, section 4.1). Items are checked against the instrument's own range and step,
    the respondent
    against its roles and age band (the PCOMS age bands: CORS 6-12, ORS from 13). The same submission token
    twice (a
    double click, a reload) records one response."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if submission_token:
        existing = Response.objects.filter(submission_token=submission_token, course=course).first()
        if existing is not None:
            return existing
    if not course.is_open:
        raise ValidationError(_(COURSE_CLOSED), code="closed")
    if not instrument.is_active:
        raise ValidationError(_(INSTRUMENT_INACTIVE).format(instrument=instrument.name), code="inactive")
    if contact is not None and contact.course_id != course.pk:
        raise ValidationError(_(CONTACT_NOT_IN_COURSE), code="contact")
    if contact is None and instrument.kind != Instrument.Kind.METAFEEDBACK:
        raise ValidationError(_(CONTACT_REQUIRED), code="contact")
    check_respondent(course, instrument, role, child, guardian, contact.date if contact else today())
    cleaned, total = clean_scores(instrument, scores)
    try:
        with transaction.atomic():
            response = measurements.save_response(
                instrument=instrument,
                cleaned=cleaned,
                total=total,
                course=course,
                contact=contact,
                role=role,
                child=child,
                guardian=guardian,
                mode=mode,
                entered_by=actor,
                submission_token=submission_token or None,
            )
    except IntegrityError:
        return Response.objects.get(submission_token=submission_token)
    record_change(
        actor=actor,
        event="response.recorded",
        target=course,
        persons=_persons(child, guardian),
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={
            "response": str(response.uuid),
            "instrument": instrument.code,
            "version": instrument.version,
            "role": role,
            "mode": mode,
            "contact": str(contact.uuid) if contact else "",
        },
    )
    return response


@transaction.atomic
def place_wellbeing(
    course: Course, *, actor: User, child: Child, moment: str, value: int, placed_on: dt.date
) -> WellbeingPlacement:
    """The worker's professional placement of the child on the Trivselslineal, on the active scale
    version; measured at start and at end (docs/product.md), so there is one of each per child per course."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.is_open:
        raise ValidationError(_(COURSE_CLOSED), code="closed")
    if child.household_id != course.household_id:
        raise ValidationError(_(NOT_IN_HOUSEHOLD), code="household")
    if moment not in WellbeingPlacement.Moment.values:
        raise ValidationError(_("Vælg, om det er start, undervejs eller afslutning."), code="moment")
    scale = active_wellbeing_scale()
    if not isinstance(value, int) or not scale.minimum <= value <= scale.maximum:
        raise ValidationError(_(PLACEMENT_RANGE).format(low=scale.minimum, high=scale.maximum), code="range")
    if placed_on > today():
        raise ValidationError(_(PLACEMENT_IN_FUTURE), code="future")
    once = {WellbeingPlacement.Moment.START: START_EXISTS, WellbeingPlacement.Moment.END: END_EXISTS}
    if moment in once and course.placements.filter(child=child, moment=moment).exists():
        raise ValidationError(_(once[moment]), code="exists")
    placement = measurements.save_placement(
        course=course,
        child=child,
        scale=scale,
        moment=moment,
        value=value,
        placed_on=placed_on,
        recorded_by=actor,
    )
    record_change(
        actor=actor,
        event="placement.recorded",
        target=course,
        persons=[child],
        purpose=Purpose.PREVENTIVE_WORK,
        action=AccessLog.Action.CREATE,
        detail={"placement": str(placement.uuid), "moment": moment, "scale_version": scale.version},
    )
    return placement


@transaction.atomic
def correct_placement(
    placement: WellbeingPlacement, *, actor: User, new_value: int, reason: str
) -> WellbeingPlacement:
    """A mistyped placement is corrected with a reason, never silently overwritten: the old value is kept
    in a PlacementCorrection (results documentation)."""
    placement = (
        WellbeingPlacement.objects.select_for_update()
        .select_related("course", "scale", "child")
        .get(pk=placement.pk)
    )
    if not placement.course.is_open:
        raise ValidationError(_(COURSE_CLOSED), code="closed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_(CORRECTION_REASON), code="reason")
    validate_plain_text(reason)
    if len(reason) > 300:
        raise ValidationError(_("Begrundelsen må højst være 300 tegn."), code="reason")
    scale = placement.scale
    if not isinstance(new_value, int) or not scale.minimum <= new_value <= scale.maximum:
        raise ValidationError(_(PLACEMENT_RANGE).format(low=scale.minimum, high=scale.maximum), code="range")
    if new_value == placement.value:
        raise ValidationError(_(CORRECTION_SAME), code="same")
    old = measurements.save_correction(placement, new_value=new_value, reason=reason, actor=actor)
    record_change(
        actor=actor,
        event="placement.corrected",
        target=placement.course,
        persons=[placement.child],
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"placement": str(placement.uuid), "old": old, "new": new_value},
    )
    return placement
