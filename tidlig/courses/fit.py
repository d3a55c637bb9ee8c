"""FIT and the Trivselslineal in a course: responses, placements and their corrections, trajectories, flags.

The course page merges `panel_context(course, user)` into its context; the panel template reads `fit`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.courses.models import Contact, Course
from tidlig.lib.dates import today
from tidlig.lib.text import validate_plain_text
from tidlig.measurements.models import (
    Instrument,
    InstrumentItem,
    PlacementCorrection,
    Response,
    WellbeingPlacement,
)
from tidlig.measurements.queries import active_wellbeing_scale
from tidlig.measurements.scoring import clean_scores, fmt
from tidlig.people.models import Child, Guardian

COURSE_CLOSED = gettext_noop("Forløbet er afsluttet og kan ikke ændres.")
CONTACT_NOT_IN_COURSE = gettext_noop("Kontakten hører ikke til forløbet.")
CONTACT_REQUIRED = gettext_noop("Vælg den kontakt, målingen hører til.")
INSTRUMENT_INACTIVE = gettext_noop("Måleredskabet “{instrument}” er ikke længere i brug.")
ROLE_NOT_ALLOWED = gettext_noop("“{instrument}” besvares ikke af {role}.")
RESPONDENT_MISSING = gettext_noop("Vælg, hvem der har svaret.")
NOT_IN_HOUSEHOLD = gettext_noop("Personen hører ikke til familien i forløbet.")
AGE_OUTSIDE = gettext_noop("“{instrument}” passer til alderen {ages}. {name} er {age} år.")

PLACEMENT_RANGE = gettext_noop("Placeringen skal ligge mellem {low} og {high}.")
PLACEMENT_IN_FUTURE = gettext_noop("Datoen kan ikke ligge i fremtiden.")
START_EXISTS = gettext_noop("Startmålingen er allerede registreret. Ret den i stedet.")
END_EXISTS = gettext_noop("Slutmålingen er allerede registreret. Ret den i stedet.")
CORRECTION_REASON = gettext_noop("Skriv, hvorfor placeringen rettes.")
CORRECTION_SAME = gettext_noop("Den nye placering er den samme som den gamle.")

NOT_ON_TRACK = gettext_noop(
    "Ikke på sporet: efter {n} kontakter er trivslen ikke steget med mindst {rc} point"
)
LOW_ALLIANCE = gettext_noop("Samarbejdet scorer under grænsen ({cutoff})")

CHILD_ROLES = (Response.Role.CHILD, Response.Role.YOUNG)


def _persons(child, guardian) -> list:
    return [p for p in (child, guardian) if p is not None]


def _check_respondent(
    course: Course, instrument: Instrument, role: str, child: Child | None, guardian: Guardian | None, on
) -> None:
    if role not in Response.Role.values or role not in (instrument.respondent_roles or []):
        label = Response.Role(role).label.lower() if role in Response.Role.values else role
        raise ValidationError(_(ROLE_NOT_ALLOWED).format(instrument=instrument.name, role=label), code="role")
    if role in CHILD_ROLES:
        if child is None or guardian is not None:
            raise ValidationError(_(RESPONDENT_MISSING), code="respondent")
    elif child is not None or (role == Response.Role.PARENT and guardian is None):
        raise ValidationError(_(RESPONDENT_MISSING), code="respondent")
    person = child or guardian
    if person is not None and person.household_id != course.household_id:
        raise ValidationError(_(NOT_IN_HOUSEHOLD), code="household")
    if child is not None:
        age = child.age_on(on)
        low, high = instrument.age_min, instrument.age_max
        if (low is not None and age < low) or (high is not None and age > high):
            if low is not None and high is not None:
                ages = f"{low}-{high} år"
            elif low is not None:
                ages = _("fra %(low)s år") % {"low": low}
            else:
                ages = _("til og med %(high)s år") % {"high": high}
            raise ValidationError(
                _(AGE_OUTSIDE).format(instrument=instrument.name, ages=ages, name=child.first_name, age=age),
                code="age",
            )


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
    """One respondent's answers to one instrument (FIT at every session, DESIGN 3; metafeedback at the
    end, seed 000 4.1). Items are checked against the instrument's own range and step, the respondent
    against its roles and age band (B1: CORS 6-12, ORS from 13). The same submission token twice (a
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
    _check_respondent(course, instrument, role, child, guardian, contact.date if contact else today())
    cleaned, total = clean_scores(instrument, scores)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                instrument=instrument,
                course=course,
                contact=contact,
                role=role,
                child=child,
                guardian=guardian,
                mode=mode,
                total=total,
                entered_by=actor,
                submission_token=submission_token or None,
            )
    except IntegrityError:
        return Response.objects.get(submission_token=submission_token)
    response.scores.bulk_create(
        response.scores.model(response=response, item=item, value=value, text=text)
        for item, value, text in cleaned
    )
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
    """The worker's professional placement of the child on the Trivselslineal (B2), on the active scale
    version; measured at start and at end (DESIGN 3), so there is one of each per child per course."""
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
    placement = WellbeingPlacement.objects.create(
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
    in a PlacementCorrection (results documentation, B2)."""
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
    old = placement.value
    PlacementCorrection.objects.create(
        placement=placement, old_value=old, new_value=new_value, reason=reason, corrected_by=actor
    )
    placement.value = new_value
    placement.save(update_fields=["value"])
    record_change(
        actor=actor,
        event="placement.corrected",
        target=placement.course,
        persons=[placement.child],
        purpose=Purpose.PREVENTIVE_WORK,
        detail={"placement": str(placement.uuid), "old": old, "new": new_value},
    )
    return placement


# Reads ---------------------------------------------------------------------------------------------


@dataclass
class Point:
    contact_number: int
    date: dt.date | None
    outcome: Decimal | None = None
    alliance: Decimal | None = None

    @property
    def outcome_text(self) -> str:
        return fmt(self.outcome) or "-"

    @property
    def alliance_text(self) -> str:
        return fmt(self.alliance) or "-"


@dataclass
class Trajectory:
    """One respondent's outcome and alliance totals over the course's contacts."""

    role: str
    child: Child | None
    guardian: Guardian | None
    points: list[Point] = field(default_factory=list)
    outcome_cutoff: Decimal | None = None
    alliance_cutoff: Decimal | None = None
    reliable_change: Decimal | None = None

    @property
    def key(self) -> str:
        person = self.child or self.guardian
        return f"{self.role}-{person.pk if person else 0}"

    @property
    def label(self) -> str:
        person = self.child or self.guardian
        role = Response.Role(self.role).label.lower()
        return f"{person.first_name} ({role})" if person else Response.Role(self.role).label

    @property
    def cutoffs_text(self) -> dict[str, str]:
        return {
            "outcome": fmt(self.outcome_cutoff),
            "alliance": fmt(self.alliance_cutoff),
            "reliable_change": fmt(self.reliable_change),
        }

    @property
    def outcome_points(self) -> list[Point]:
        return [p for p in self.points if p.outcome is not None]

    @property
    def alliance_points(self) -> list[Point]:
        return [p for p in self.points if p.alliance is not None]


FIT_KINDS = (Instrument.Kind.OUTCOME, Instrument.Kind.ALLIANCE)
ROLE_ORDER = {
    Response.Role.CHILD: 0,
    Response.Role.YOUNG: 0,
    Response.Role.PARENT: 1,
    Response.Role.OTHER_ADULT: 2,
}


def _responses(course: Course) -> list[Response]:
    cache = getattr(course, "_prefetched_objects_cache", {})
    if "responses" in cache:
        return list(cache["responses"])
    return list(course.responses.select_related("instrument", "contact", "child", "guardian"))


def trajectories(course: Course, responses: list[Response] | None = None) -> list[Trajectory]:
    """Per respondent, the latest outcome and alliance total at each contact, in contact order; the cut-offs
    and reliable change come from the newest instrument version the respondent answered.
    `responses`: the course's responses, when the caller has read them already."""
    numbers = {c.pk: n for n, c in enumerate(course.contacts.all(), start=1)}
    dates = {c.pk: c.date for c in course.contacts.all()}
    found: dict[tuple, Trajectory] = {}
    points: dict[tuple, dict[int, Point]] = {}
    read = _responses(course) if responses is None else responses
    for response in sorted(read, key=lambda r: (r.answered_at, r.pk)):
        kind = response.instrument.kind
        if kind not in FIT_KINDS or response.contact_id not in numbers:
            continue
        key = response.respondent_key
        trajectory = found.get(key)
        if trajectory is None:
            trajectory = Trajectory(role=response.role, child=response.child, guardian=response.guardian)
            found[key] = trajectory
            points[key] = {}
        number = numbers[response.contact_id]
        point = points[key].setdefault(number, Point(number, dates[response.contact_id]))
        if kind == Instrument.Kind.OUTCOME:
            point.outcome = response.total
            trajectory.outcome_cutoff = response.instrument.cutoff
            trajectory.reliable_change = response.instrument.reliable_change
        else:
            point.alliance = response.total
            trajectory.alliance_cutoff = response.instrument.cutoff
    for key, trajectory in found.items():
        trajectory.points = sorted(points[key].values(), key=lambda p: p.contact_number)
    return sorted(found.values(), key=lambda t: (ROLE_ORDER.get(t.role, 3), t.key))


def review_after_default() -> int:
    return int(getattr(settings, "TIDLIG_FIT_REVIEW_AFTER", 3))


def trajectory_flags(trajectory: Trajectory, *, review_after: int) -> list[str]:
    reasons = []
    outcome = trajectory.outcome_points
    rc = trajectory.reliable_change
    if rc is not None and len(outcome) >= review_after and outcome[-1].outcome - outcome[0].outcome < rc:
        reasons.append(_(NOT_ON_TRACK).format(n=len(outcome), rc=fmt(rc)))
    alliance = trajectory.alliance_points
    cutoff = trajectory.alliance_cutoff
    if cutoff is not None and alliance and alliance[-1].alliance < cutoff:
        reasons.append(_(LOW_ALLIANCE).format(cutoff=fmt(cutoff)))
    return reasons


def flags(course: Course, *, review_after: int | None = None, trajectories_=None) -> list[str]:
    """Why a course may not be on track (DESIGN 3): no reliable improvement after `review_after` outcome
    measurements, or the latest alliance score below the instrument's cut-off (B1: SRS 36, configurable).
    Each reason names the respondent."""
    review_after = review_after_default() if review_after is None else review_after
    result = []
    for trajectory in trajectories(course) if trajectories_ is None else trajectories_:
        reasons = trajectory_flags(trajectory, review_after=review_after)
        result += [f"{trajectory.label}: {reason}" for reason in reasons]
    return result


# The panel -----------------------------------------------------------------------------------------


def can_record(course: Course, user: User) -> bool:
    """Forms show for the course's worker and the unit leader while the course is open."""
    if not course.is_open or not user.is_authenticated:
        return False
    if user.is_worker:
        return any(w.pk == user.pk for w in course.workers.all())
    return user.is_leader and user.unit_id == course.offer.unit_id


def panel_context(course: Course, user: User, **forms) -> dict:
    """What courses/includes/fit_panel.html needs, under one key `fit` so it merges into any page.

    A bound form with errors (from a failed POST) replaces its fresh counterpart: pass it by name
    (`score_form`, `placement_form`, `correction_form`, `answer_form`).
    """
    from tidlig.courses import charts, forms_fit

    # why: one read of the answers for the trajectories and the metafeedback
    responses = sorted(_responses(course), key=lambda r: (r.answered_at, r.pk))
    found = trajectories(course, responses)
    review_after = review_after_default()
    rows = [
        {
            "trajectory": t,
            "chart": charts.trajectory_chart(t),
            "flags": trajectory_flags(t, review_after=review_after),
        }
        for t in found
    ]
    scale = active_wellbeing_scale()
    placements = list(
        course.placements.select_related("recorded_by", "scale", "child")
        .prefetch_related("corrections__corrected_by")
        .order_by("placed_on", "id")
    )
    children = list(course.household.children.all())
    correction_form = forms.get("correction_form")
    per_child = []
    for child in children:
        mine = [p for p in placements if p.child_id == child.pk]
        items = []
        for p in mine:
            form = (
                correction_form
                if correction_form is not None and correction_form.prefix == f"ret-{p.uuid}"
                else forms_fit.CorrectPlacementForm(
                    scale=p.scale, prefix=f"ret-{p.uuid}", initial={"new_value": p.value}
                )
            )
            items.append({"placement": p, "band": p.scale.band_for(p.value), "form": form})
        start = next((i for i in items if i["placement"].moment == WellbeingPlacement.Moment.START), None)
        end = next((i for i in items if i["placement"].moment == WellbeingPlacement.Moment.END), None)
        per_child.append({"child": child, "start": start, "end": end, "items": items})

    metafeedback = []
    answers = [r for r in responses if r.instrument.kind == Instrument.Kind.METAFEEDBACK]
    prefetch_related_objects(answers, "scores__item")
    for response in answers:
        person = response.child or response.guardian
        scales = [s for s in response.scores.all() if s.item.kind == InstrumentItem.Kind.SCALE]
        yes_no = [s for s in response.scores.all() if s.item.kind == InstrumentItem.Kind.YES_NO]
        metafeedback.append(
            {
                "who": f"{person.first_name} ({response.get_role_display().lower()})" if person else "",
                "when": response.answered_at,
                "respect": fmt(response.total),
                "respect_max": fmt(scales[0].item.maximum) if scales else "",
                "involved": bool(yes_no[0].value) if yes_no else None,
            }
        )
    editable = can_record(course, user)
    context = {
        "course": course,
        "rows": rows,
        "flags": [f"{r['trajectory'].label}: {reason}" for r in rows for reason in r["flags"]],
        "review_after": review_after,
        "scale": scale,
        "children": per_child,
        "metafeedback": metafeedback,
        "can_record": editable,
        "notice": forms.get("notice", ""),
    }
    if editable:
        choices = forms_fit.Choices.for_course(course)
        score_form = forms.get("score_form")
        score_forms = []
        for instrument in choices.instruments:
            if score_form is not None and score_form.instrument.pk == instrument.pk:
                score_forms.append(score_form)
            else:
                score_forms.append(forms_fit.RecordScoresForm(choices=choices, instrument=instrument))
        context.update(
            score_forms=[f for f in score_forms if f.instrument.kind != Instrument.Kind.METAFEEDBACK],
            metafeedback_forms=[f for f in score_forms if f.instrument.kind == Instrument.Kind.METAFEEDBACK],
            answer_form=forms.get("answer_form") or forms_fit.AnswerModeStartForm(choices=choices),
            placement_form=forms.get("placement_form")
            or forms_fit.PlaceWellbeingForm(scale=scale, children=children),
        )
    return {"fit": context}
