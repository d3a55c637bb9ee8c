"""The unit's results as key figures for a period (DESIGN.md flow 8; seeds 000, 003, 004).

One function per KPI, each `kpi_x(*, unit, start, end) -> KpiResult`, each a constant number of queries
(one), read-only. Anonymity (reports/anonymity.py) is applied here, so nothing below 5 leaves this module.
Value None means "not shown": `hidden` says why (no data, under 5, too few to show).

Periods are inclusive dates. Results of a course (wellbeing, FIT, metafeedback, escalation) belong to the
period in which the course was closed; referrals to the period they were received in.
"""

import contextlib
import datetime as dt
import statistics
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Unit, User
from tidlig.courses.models import Contact, Course
from tidlig.groups.models import Attendance, Enrollment
from tidlig.lib.dates import today
from tidlig.lib.stats import SUPPRESSION_THRESHOLD
from tidlig.measurements.models import Instrument, InstrumentItem, ItemScore, Response, WellbeingPlacement
from tidlig.referrals.models import AnonymousCounselling, Referral
from tidlig.referrals.queries import GROUP_LOAD_WEIGHT
from tidlig.reports import anonymity
from tidlig.reports.anonymity import NO_DATA, SHOWN, TOO_FEW, Breakdown, round1, suppress_breakdown
from tidlig.reports.models import Kpi, Target

PERCENT = "%"
DAYS = "dage"
COUNT = "antal"
POINTS = "point"

AT_LEAST = Target.Direction.AT_LEAST
AT_MOST = Target.Direction.AT_MOST


@dataclass(frozen=True)
class KpiResult:
    code: str
    label: str
    value: Decimal | None
    unit: str
    definition: str
    numerator: int | None = None
    denominator: int | None = None
    hidden: str = SHOWN
    is_share: bool = False
    # For a list KPI (load per worker): anonymous rows, already suppressed.
    rows: Breakdown | None = None
    # A share's computed percent before the anonymity rule; tests pin it, pages never show it.
    raw_value: Decimal | None = None


def _result(code: str, unit: str, definition: str, value, hidden: str, **extra) -> KpiResult:
    return KpiResult(
        code=code,
        label=str(Kpi(code).label),
        value=value,
        unit=unit,
        definition=definition,
        hidden=hidden,
        **extra,
    )


def _count_result(code: str, definition: str, n: int) -> KpiResult:
    shown, hidden = anonymity.count(n)
    return _result(code, COUNT, definition, None if shown is None else Decimal(shown), hidden)


def _share_result(code: str, definition: str, numerator: int, denominator: int) -> KpiResult:
    s = anonymity.share(numerator, denominator)
    return _result(
        code,
        PERCENT,
        definition,
        s.value,
        s.hidden,
        numerator=s.numerator,
        denominator=s.denominator,
        is_share=True,
        raw_value=s.raw,
    )


def _mean_result(code: str, unit: str, definition: str, values: list) -> KpiResult:
    value, hidden = anonymity.mean_of(values)
    return _result(code, unit, definition, value, hidden, denominator=anonymity.count(len(values))[0])


# Sets the KPIs share -----------------------------------------------------------------------------

# why: five Trivselslineal KPIs, two FIT KPIs and the results page's chart read the same rows; inside
# sharing() they are read once per page instead of once per KPI (docs/performance.md)
_shared: ContextVar[dict | None] = ContextVar("kpi_shared_inputs", default=None)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Within this block, KPIs computed for the same unit and period share the rows they read."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _once(key: tuple, compute: Callable):
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local days start..end as [from, to) instants: the same rows as a __date__range on a datetime,
    but a plain range the received_at index can serve."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def _referrals(unit: Unit, start: dt.date, end: dt.date):
    first, after = _local_day_bounds(start, end)
    return Referral.objects.filter(unit=unit, received_at__gte=first, received_at__lt=after)


def _courses(unit: Unit):
    return Course.objects.filter(offer__unit=unit)


def _started(unit: Unit, start: dt.date, end: dt.date):
    return _courses(unit).filter(start_meeting_on__range=(start, end))


def _closed(unit: Unit, start: dt.date, end: dt.date):
    return _courses(unit).filter(status=Course.Status.CLOSED, closed_on__range=(start, end))


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# Referrals ---------------------------------------------------------------------------------------


def kpi_referrals_count(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Alle henvendelser til enheden, der er modtaget i perioden, uanset vej ind og udfald.")
    return _count_result(Kpi.REFERRALS_COUNT, definition, _referrals(unit, start, end).count())


def _breakdown(code: str, label: str, field: str, choices, unit, start, end) -> Breakdown:
    counts = dict(_referrals(unit, start, end).values_list(field).annotate(n=Count("pk")).order_by())
    return suppress_breakdown(
        code, label, [(key, str(text), counts.get(key, 0)) for key, text in choices.choices]
    )


def referrals_by_source(*, unit: Unit, start: dt.date, end: dt.date) -> Breakdown:
    """Referrals received in the period by who referred (the family itself, school, ...)."""
    return _breakdown(
        "referrals_by_source", _("Henvendelser efter kilde"), "source", Referral.Source, unit, start, end
    )


def referrals_by_door(*, unit: Unit, start: dt.date, end: dt.date) -> Breakdown:
    """Referrals received in the period by the door they came through (web, partner, staff)."""
    return _breakdown(
        "referrals_by_door", _("Henvendelser efter vej ind"), "door", Referral.Door, unit, start, end
    )


def kpi_counselling_count(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Samtaler i den åbne anonyme rådgivning (Barnets lov § 29) med dato i perioden. "
        "Rådgivningen registrerer ingen oplysninger om, hvem familien er."
    )
    n = AnonymousCounselling.objects.filter(unit=unit, date__range=(start, end)).count()
    return _count_result(Kpi.COUNSELLING_COUNT, definition, n)


def kpi_days_to_first_contact_median(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver henvendelse modtaget i perioden med en registreret første kontakt: antal kalenderdage "
        "fra modtagelse til første kontakt. Vi viser medianen: halvdelen ventede kortere, halvdelen længere."
    )
    rows = _referrals(unit, start, end).filter(first_contact_at__isnull=False)
    days = [
        (_local_date(contact) - _local_date(received)).days
        for received, contact in rows.values_list("received_at", "first_contact_at")
    ]
    value, hidden = anonymity.mean_of(days)  # the same rule: nothing resting on fewer than 5
    if value is not None:
        value = round1(Decimal(str(statistics.median(days))))
    return _result(
        Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN,
        DAYS,
        definition,
        value,
        hidden,
        denominator=anonymity.count(len(days))[0],
    )


def kpi_share_contacted_within_deadline(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Henvendelser modtaget i perioden, som er visiteret til enheden eller har fået en første kontakt, "
        "og hvor kontakten er sket eller fristen er udløbet. Andelen er dem, hvor første kontakt skete "
        "senest på fristens dag."
    )
    on = today()
    counted = within = 0
    for contact, deadline, status in _referrals(unit, start, end).values_list(
        "first_contact_at", "contact_deadline", "status"
    ):
        if contact is None and (status != Referral.Status.ACCEPTED or deadline >= on):
            continue  # not the unit's to contact, or the clock is still running
        counted += 1
        within += contact is not None and _local_date(contact) <= deadline
    return _share_result(Kpi.SHARE_CONTACTED_WITHIN_DEADLINE, definition, within, counted)


# Courses -----------------------------------------------------------------------------------------


def kpi_courses_started(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Forløb i enhedens tilbud, hvis opstartsmøde ligger i perioden.")
    return _count_result(Kpi.COURSES_STARTED, definition, _started(unit, start, end).count())


def _course_breakdown(code: str, label: str, key: str, text: str, unit, start, end) -> Breakdown:
    rows = _started(unit, start, end).values_list(key, text).annotate(n=Count("pk")).order_by(text, key)
    return suppress_breakdown(code, label, [(str(k), str(t), n) for k, t, n in rows])


def courses_by_offer(*, unit: Unit, start: dt.date, end: dt.date) -> Breakdown:
    """Courses started in the period per offer (only offers with a course started in the period)."""
    return _course_breakdown(
        "courses_by_offer", _("Forløb efter tilbud"), "offer_id", "offer__name", unit, start, end
    )


def courses_by_legal_basis(*, unit: Unit, start: dt.date, end: dt.date) -> Breakdown:
    """Courses started in the period per the legal basis of their offer."""
    return _course_breakdown(
        "courses_by_legal_basis",
        _("Forløb efter lovgrundlag"),
        "offer__legal_basis_id",
        "offer__legal_basis__reference",
        unit,
        start,
        end,
    )


def kpi_courses_closed(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Forløb i enhedens tilbud, der er afsluttet i perioden, uanset årsag.")
    return _count_result(Kpi.COURSES_CLOSED, definition, _closed(unit, start, end).count())


def kpi_contacts_per_closed_course(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Gennemsnitligt antal registrerede kontakter (samtaler, netværksmøder, telefon og video) i de "
        "forløb, der er afsluttet i perioden. Skive Kommune har offentliggjort 4,2 pr. forløb."
    )
    counts = list(_closed(unit, start, end).annotate(n=Count("contacts")).values_list("n", flat=True))
    return _mean_result(Kpi.CONTACTS_PER_CLOSED_COURSE, COUNT, definition, counts)


def kpi_share_courses_with_digital_contact(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Forløb med opstartsmøde i perioden, der har mindst én digital kontakt: video (fx Teams) eller "
        "sted “digitalt”. Aabenraa Kommunes mål for 2025: 65 % af forløbene."
    )
    digital = Contact.objects.filter(course=OuterRef("pk")).filter(
        Q(kind=Contact.Kind.VIDEO) | Q(place=Contact.Place.DIGITAL)
    )
    flags = list(_started(unit, start, end).annotate(d=Exists(digital)).values_list("d", flat=True))
    return _share_result(Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT, definition, sum(flags), len(flags))


def kpi_share_escalated(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Forløb afsluttet i perioden med årsagen “Underretning til myndigheden”, ud af alle forløb "
        "afsluttet i perioden. Skive Kommune har offentliggjort 13 %."
    )
    counts = _closed(unit, start, end).aggregate(
        total=Count("pk"), escalated=Count("pk", filter=Q(close_reason=Course.CloseReason.ESCALATED))
    )
    return _share_result(Kpi.SHARE_ESCALATED, definition, counts["escalated"], counts["total"])


# The Trivselslineal ------------------------------------------------------------------------------

WELLBEING_BASIS = gettext_noop(
    "Vi tæller hvert barn i et forløb, der er afsluttet i perioden, og som har både en start- og en "
    "slutplacering på Trivselslinealen."
)


def _wellbeing_pairs(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(start, end) placement per child and course, for children placed at both moments."""
    return _once(("pairs", unit.pk, start, end), lambda: _read_wellbeing_pairs(unit, start, end))


def _read_wellbeing_pairs(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    found: dict[tuple[int, int], dict[str, int]] = {}
    for course_id, child_id, moment, value in WellbeingPlacement.objects.filter(
        course__in=_closed(unit, start, end),
        moment__in=[WellbeingPlacement.Moment.START, WellbeingPlacement.Moment.END],
    ).values_list("course_id", "child_id", "moment", "value"):
        found.setdefault((course_id, child_id), {})[moment] = value
    return [(m["start"], m["end"]) for m in found.values() if "start" in m and "end" in m]


def kpi_wellbeing_start_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Tallet er gennemsnittet af startplaceringerne.")
    pairs = _wellbeing_pairs(unit, start, end)
    return _mean_result(Kpi.WELLBEING_START_MEAN, POINTS, definition, [s for s, _e in pairs])


def kpi_wellbeing_end_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(WELLBEING_BASIS)
        + " "
        + _(
            "Tallet er gennemsnittet af slutplaceringerne. Skive Kommune har offentliggjort 5,1 ved start "
            "og 7,1 ved afslutning."
        )
    )
    pairs = _wellbeing_pairs(unit, start, end)
    return _mean_result(Kpi.WELLBEING_END_MEAN, POINTS, definition, [e for _s, e in pairs])


def _wellbeing_share(code: str, definition: str, unit, start, end, keep: Callable[[int], bool]) -> KpiResult:
    pairs = _wellbeing_pairs(unit, start, end)
    return _share_result(code, definition, sum(1 for s, e in pairs if keep(e - s)), len(pairs))


def kpi_share_wellbeing_improved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er højere end start.")
    return _wellbeing_share(Kpi.SHARE_WELLBEING_IMPROVED, definition, unit, start, end, lambda d: d > 0)


def kpi_share_wellbeing_unchanged(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er den samme som start.")
    )
    return _wellbeing_share(Kpi.SHARE_WELLBEING_UNCHANGED, definition, unit, start, end, lambda d: d == 0)


def kpi_share_wellbeing_worse(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(WELLBEING_BASIS) + " " + _("Andelen er de børn, hvis slutplacering er lavere end start.")
    return _wellbeing_share(Kpi.SHARE_WELLBEING_WORSE, definition, unit, start, end, lambda d: d < 0)


# FIT ---------------------------------------------------------------------------------------------


def _fit_series(unit: Unit, start: dt.date, end: dt.date, kind: str) -> dict[tuple, list]:
    """Per respondent (course, role, child or adult), their totals in the order they were answered,
    each with the instrument's reliable change."""
    return _once(("fit", unit.pk, start, end, kind), lambda: _read_fit_series(unit, start, end, kind))


def _read_fit_series(unit: Unit, start: dt.date, end: dt.date, kind: str) -> dict[tuple, list]:
    series: dict[tuple, list] = {}
    rows = (
        Response.objects.filter(
            course__in=_closed(unit, start, end), instrument__kind=kind, total__isnull=False
        )
        .order_by("answered_at", "id")
        .values_list("course_id", "role", "child_id", "guardian_id", "total", "instrument__reliable_change")
    )
    for course_id, role, child_id, guardian_id, total, rc in rows:
        series.setdefault((course_id, role, child_id, guardian_id), []).append((total, rc))
    return series


FIT_BASIS = gettext_noop(
    "Vi tæller hver person, der har svaret på trivselsskemaet (outcome) mindst to gange i et forløb, "
    "der er afsluttet i perioden. Ændringen er sidste score minus første score."
)


def kpi_outcome_change_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(FIT_BASIS) + " " + _("Tallet er gennemsnittet af ændringerne.")
    series = _fit_series(unit, start, end, Instrument.Kind.OUTCOME)
    changes = [s[-1][0] - s[0][0] for s in series.values() if len(s) >= 2]
    return _mean_result(Kpi.OUTCOME_CHANGE_MEAN, POINTS, definition, changes)


def kpi_share_reliably_improved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(FIT_BASIS)
        + " "
        + _("Andelen er dem, hvis ændring er mindst måleredskabets grænse for pålidelig ændring.")
    )
    series = _fit_series(unit, start, end, Instrument.Kind.OUTCOME)
    changes = [
        (s[-1][0] - s[0][0], s[-1][1]) for s in series.values() if len(s) >= 2 and s[-1][1] is not None
    ]
    return _share_result(
        Kpi.SHARE_RELIABLY_IMPROVED, definition, sum(1 for c, rc in changes if c >= rc), len(changes)
    )


def kpi_alliance_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver person, der har svaret på samarbejdsskemaet (alliance) i et forløb afsluttet i "
        "perioden, tæller vi den seneste samlede score. Tallet er gennemsnittet."
    )
    series = _fit_series(unit, start, end, Instrument.Kind.ALLIANCE)
    return _mean_result(Kpi.ALLIANCE_MEAN, POINTS, definition, [s[-1][0] for s in series.values()])


# Metafeedback ------------------------------------------------------------------------------------


def _first_item_per_response(unit: Unit, start: dt.date, end: dt.date, item_kind: str) -> list[Decimal]:
    """The answer to the metafeedback's first item of the given kind, one per response."""
    found: dict[int, Decimal] = {}
    for response_id, value in (
        ItemScore.objects.filter(
            response__course__in=_closed(unit, start, end),
            response__instrument__kind=Instrument.Kind.METAFEEDBACK,
            item__kind=item_kind,
            value__isnull=False,
        )
        .order_by("response_id", "item__position")
        .values_list("response_id", "value")
    ):
        found.setdefault(response_id, value)
    return list(found.values())


def kpi_share_child_involved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der svarer "
        "ja til, at barnet har oplevet at blive inddraget. Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _first_item_per_response(unit, start, end, InstrumentItem.Kind.YES_NO)
    return _share_result(Kpi.SHARE_CHILD_INVOLVED, definition, sum(1 for v in answers if v), len(answers))


RESPECT_ABOVE = 7


def kpi_share_respect_above_7(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der "
        "scorer over 7 på skalaen 0-10 for at være blevet mødt med respekt (8, 9 eller 10). "
        "Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _first_item_per_response(unit, start, end, InstrumentItem.Kind.SCALE)
    above = sum(1 for v in answers if v > RESPECT_ABOVE)
    return _share_result(Kpi.SHARE_RESPECT_ABOVE_7, definition, above, len(answers))


# Groups and workers ------------------------------------------------------------------------------


def kpi_group_participants(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Børn og forældre, der har haft en plads på et hold i enhedens tilbud, som kørte i perioden (første "
        "gang senest periodens sidste dag og sidste gang tidligst periodens første dag). Tilmeldte og "
        "stoppede tæller med; ventelisten gør ikke."
    )
    n = Enrollment.objects.filter(
        group__offer__unit=unit,
        group__starts_on__lte=end,
        group__ends_on__gte=start,
        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.LEFT],
    ).count()
    return _count_result(Kpi.GROUP_PARTICIPANTS, definition, n)


def kpi_group_attendance_share(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Alle registreringer af fremmøde ved gruppemøder i perioden på hold i enhedens tilbud. Andelen er "
        "de registreringer, hvor deltageren mødte op."
    )
    counts = Attendance.objects.filter(
        session__date__range=(start, end), session__group__offer__unit=unit
    ).aggregate(total=Count("pk"), present=Count("pk", filter=Q(present=True)))
    return _share_result(Kpi.GROUP_ATTENDANCE_SHARE, definition, counts["present"], counts["total"])


def kpi_load_per_worker(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver aktiv medarbejder i enheden: antal forløb, medarbejderen er på, som var i gang ved "
        "periodens sidste dag (startet senest den dag og ikke afsluttet før). Tallet er gennemsnittet; "
        "listen viser hver medarbejder uden navn, størst først."
    )
    running = Q(courses__start_meeting_on__lte=end) & (
        Q(courses__closed_on__isnull=True) | Q(courses__closed_on__gt=end)
    )
    loads = sorted(
        User.objects.filter(unit=unit, role=User.Role.WORKER, is_active=True)
        .annotate(n=Count("courses", filter=running, distinct=True))
        .values_list("n", flat=True),
        reverse=True,
    )
    if not loads:
        return _result(Kpi.LOAD_PER_WORKER, COUNT, definition, None, NO_DATA)
    rows = suppress_breakdown(
        Kpi.LOAD_PER_WORKER,
        str(Kpi.LOAD_PER_WORKER.label),
        [(str(i), _("Medarbejder %(n)s") % {"n": i}, n) for i, n in enumerate(loads, start=1)],
    )
    value = round1(Decimal(sum(loads)) / len(loads))
    return _result(Kpi.LOAD_PER_WORKER, COUNT, definition, value, SHOWN, denominator=len(loads), rows=rows)


def kpi_load_against_capacity(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver aktiv medarbejder i enheden med en kapacitet: forløb, medarbejderen er på ved periodens "
        "sidste dag, plus %(weight)s for hvert hold, medarbejderen leder den dag (et hold fylder som to "
        "familier). Tallet er summen af belastningen i procent af summen af kapaciteten; listen viser hver "
        "medarbejder uden navn, med sin kapacitet, størst belastning først. Over 100 %% betyder flere "
        "familier end pladser."
    ) % {"weight": GROUP_LOAD_WEIGHT}
    running_course = Q(courses__start_meeting_on__lte=end) & (
        Q(courses__closed_on__isnull=True) | Q(courses__closed_on__gt=end)
    )
    running_group = Q(led_groups__starts_on__lte=end, led_groups__ends_on__gte=end)
    workers = (
        User.objects.filter(unit=unit, role=User.Role.WORKER, is_active=True, capacity__gt=0)
        .annotate(
            n_courses=Count("courses", filter=running_course, distinct=True),
            n_groups=Count("led_groups", filter=running_group, distinct=True),
        )
        .values_list("capacity", "n_courses", "n_groups")
    )
    load = capacity_load(
        [(courses + GROUP_LOAD_WEIGHT * groups, capacity) for capacity, courses, groups in workers]
    )
    if load is None:
        return _result(Kpi.LOAD_AGAINST_CAPACITY, PERCENT, definition, None, NO_DATA)
    rows = suppress_breakdown(
        Kpi.LOAD_AGAINST_CAPACITY,
        str(Kpi.LOAD_AGAINST_CAPACITY.label),
        [
            (str(i), _("Medarbejder %(n)s (kapacitet %(capacity)s)") % {"n": i, "capacity": c}, n)
            for i, (n, c) in enumerate(load.loads, start=1)
        ],
    )
    return _result(
        Kpi.LOAD_AGAINST_CAPACITY,
        PERCENT,
        definition,
        None if load.hidden else load.raw,
        load.hidden,
        denominator=load.capacity,
        rows=rows,
        raw_value=load.raw,
    )


@dataclass(frozen=True)
class CapacityLoad:
    loads: list[tuple[int, int]]  # (weighted load, capacity) per worker, fullest first
    capacity: int
    raw: Decimal  # total load in percent of total capacity
    hidden: str


def capacity_load(loads: list[tuple[int, int]]) -> CapacityLoad | None:
    """The rule behind "load against capacity", shared with the SQL floor (kpis_sql.py). None when no
    worker has a capacity. A load of 1-4 families in all would come back from the percentage and the
    capacities, so it is not shown."""
    loads = sorted(loads, key=lambda pair: (-pair[0] / pair[1], -pair[0]))
    capacity = sum(c for _load, c in loads)
    if not capacity:
        return None
    load = sum(n for n, _capacity in loads)
    hidden = TOO_FEW if 0 < load < SUPPRESSION_THRESHOLD else SHOWN
    return CapacityLoad(loads, capacity, round1(Decimal(100) * load / capacity), hidden)


# The whole page ----------------------------------------------------------------------------------

KPIS: dict[str, Callable[..., KpiResult]] = {
    Kpi.REFERRALS_COUNT: kpi_referrals_count,
    Kpi.COUNSELLING_COUNT: kpi_counselling_count,
    Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN: kpi_days_to_first_contact_median,
    Kpi.SHARE_CONTACTED_WITHIN_DEADLINE: kpi_share_contacted_within_deadline,
    Kpi.COURSES_STARTED: kpi_courses_started,
    Kpi.COURSES_CLOSED: kpi_courses_closed,
    Kpi.CONTACTS_PER_CLOSED_COURSE: kpi_contacts_per_closed_course,
    Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT: kpi_share_courses_with_digital_contact,
    Kpi.WELLBEING_START_MEAN: kpi_wellbeing_start_mean,
    Kpi.WELLBEING_END_MEAN: kpi_wellbeing_end_mean,
    Kpi.SHARE_WELLBEING_IMPROVED: kpi_share_wellbeing_improved,
    Kpi.SHARE_WELLBEING_UNCHANGED: kpi_share_wellbeing_unchanged,
    Kpi.SHARE_WELLBEING_WORSE: kpi_share_wellbeing_worse,
    Kpi.SHARE_ESCALATED: kpi_share_escalated,
    Kpi.OUTCOME_CHANGE_MEAN: kpi_outcome_change_mean,
    Kpi.SHARE_RELIABLY_IMPROVED: kpi_share_reliably_improved,
    Kpi.ALLIANCE_MEAN: kpi_alliance_mean,
    Kpi.SHARE_CHILD_INVOLVED: kpi_share_child_involved,
    Kpi.SHARE_RESPECT_ABOVE_7: kpi_share_respect_above_7,
    Kpi.GROUP_PARTICIPANTS: kpi_group_participants,
    Kpi.GROUP_ATTENDANCE_SHARE: kpi_group_attendance_share,
    Kpi.LOAD_PER_WORKER: kpi_load_per_worker,
    Kpi.LOAD_AGAINST_CAPACITY: kpi_load_against_capacity,
}

# The direction a target for the KPI usually has: fewer days and fewer escalations are better.
DEFAULT_DIRECTION = {
    Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN: AT_MOST,
    Kpi.SHARE_ESCALATED: AT_MOST,
    Kpi.SHARE_WELLBEING_WORSE: AT_MOST,
    Kpi.LOAD_PER_WORKER: AT_MOST,
    Kpi.LOAD_AGAINST_CAPACITY: AT_MOST,
}


def all_kpis(*, unit: Unit, start: dt.date, end: dt.date) -> list[KpiResult]:
    with sharing():
        return [function(unit=unit, start=start, end=end) for function in KPIS.values()]
