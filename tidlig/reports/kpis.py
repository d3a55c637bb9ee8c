"""The unit's results as key figures for a period (docs/product.md; Aabenraa, Frederikssund and Skive
Kommune).

One function per KPI, each `kpi_x(*, unit, start, end) -> KpiResult`, each a constant number of queries
(one; three for the workers' load), read-only. Anonymity (reports/anonymity.py) is applied here, so
nothing below 5 leaves this module.
Value None means "not shown": `hidden` says why (no data, under 5, too few to show).

Periods are inclusive dates. Results of a course (wellbeing, FIT, metafeedback, escalation) belong to the
period in which the course was closed, and are read from the results written when it closed
(courses/services/results.py, decision 0020); referrals to the period they were received in.
"""

import contextlib
import datetime as dt
import statistics
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Unit, User
from tidlig.courses.models import (
    Contact,
    Course,
    CourseResult,
    FitResult,
    MetafeedbackResult,
    WellbeingResult,
)
from tidlig.groups.models import Attendance, Enrollment, Group
from tidlig.lib.dates import today
from tidlig.lib.stats import SUPPRESSION_THRESHOLD
from tidlig.measurements.models import Instrument
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
    return _mean_from_result(code, unit, definition, sum(values, Decimal(0)), len(values))


def _mean_from_result(code: str, unit: str, definition: str, total, n: int) -> KpiResult:
    value, hidden = anonymity.mean_from(total, n)
    return _result(code, unit, definition, value, hidden, denominator=anonymity.count(n)[0])


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
    """The results of the unit's courses closed in the period: one row per course, written when it closed
    (courses/services/results.py, decision 0020)."""
    return CourseResult.objects.filter(unit=unit, closed_on__range=(start, end))


# Referrals ---------------------------------------------------------------------------------------


def _referral_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """The period's referrals: all of them, those whose contact clock has stopped or run out, and those
    contacted by their deadline's day. One query for the two KPIs that count them."""
    return _once(("referrals", unit.pk, start, end), lambda: _read_referral_counts(unit, start, end))


def _read_referral_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    contacted = Q(first_contact_at__isnull=False)
    overdue = Q(first_contact_at__isnull=True, status=Referral.Status.ACCEPTED, contact_deadline__lt=today())
    return _referrals(unit, start, end).aggregate(
        total=Count("pk"),
        counted=Count("pk", filter=contacted | overdue),
        within=Count("pk", filter=contacted & Q(first_contact_at__date__lte=F("contact_deadline"))),
    )


def kpi_referrals_count(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Alle henvendelser til enheden, der er modtaget i perioden, uanset vej ind og udfald.")
    return _count_result(Kpi.REFERRALS_COUNT, definition, _referral_counts(unit, start, end)["total"])


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
    waited = ExpressionWrapper(
        TruncDate("first_contact_at") - TruncDate("received_at"),  # local days apart
        output_field=DurationField(),
    )
    days = []
    for wait, n in (
        _referrals(unit, start, end)
        .filter(first_contact_at__isnull=False)
        .values_list(waited)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        days += [wait.days] * n
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
    counts = _referral_counts(unit, start, end)
    return _share_result(Kpi.SHARE_CONTACTED_WITHIN_DEADLINE, definition, counts["within"], counts["counted"])


# Courses -----------------------------------------------------------------------------------------


def _started_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Courses started in the period, and those of them with a digital contact: one query for both KPIs."""
    return _once(("started", unit.pk, start, end), lambda: _read_started_counts(unit, start, end))


def _read_started_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    digital = Contact.objects.filter(course=OuterRef("pk")).filter(
        Q(kind=Contact.Kind.VIDEO) | Q(place=Contact.Place.DIGITAL)
    )
    return _started(unit, start, end).aggregate(
        total=Count("pk"), digital=Count("pk", filter=Exists(digital))
    )


def kpi_courses_started(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Forløb i enhedens tilbud, hvis opstartsmøde ligger i perioden.")
    return _count_result(Kpi.COURSES_STARTED, definition, _started_counts(unit, start, end)["total"])


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


def _closed_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Courses closed in the period, their contacts, and those closed as escalated: one query for three."""
    return _once(("closed", unit.pk, start, end), lambda: _read_closed_counts(unit, start, end))


def _read_closed_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    return _closed(unit, start, end).aggregate(
        total=Count("pk"),
        contacts=Sum("contacts"),
        escalated=Count("pk", filter=Q(close_reason=Course.CloseReason.ESCALATED)),
    )


def kpi_courses_closed(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Forløb i enhedens tilbud, der er afsluttet i perioden, uanset årsag.")
    return _count_result(Kpi.COURSES_CLOSED, definition, _closed_counts(unit, start, end)["total"])


def kpi_contacts_per_closed_course(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Gennemsnitligt antal registrerede kontakter (samtaler, netværksmøder, telefon og video) i de "
        "forløb, der er afsluttet i perioden. Skive Kommune har offentliggjort 4,2 pr. forløb."
    )
    counts = _closed_counts(unit, start, end)
    return _mean_from_result(
        Kpi.CONTACTS_PER_CLOSED_COURSE, COUNT, definition, counts["contacts"], counts["total"]
    )


def kpi_share_courses_with_digital_contact(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Forløb med opstartsmøde i perioden, der har mindst én digital kontakt: video (fx Teams) eller "
        "sted “digitalt”. Aabenraa Kommunes mål for 2025: 65 % af forløbene."
    )
    counts = _started_counts(unit, start, end)
    return _share_result(
        Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT, definition, counts["digital"], counts["total"]
    )


def kpi_share_escalated(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Forløb afsluttet i perioden med årsagen “Underretning til myndigheden”, ud af alle forløb "
        "afsluttet i perioden. Skive Kommune har offentliggjort 13 %."
    )
    counts = _closed_counts(unit, start, end)
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
    pairs: list[tuple[int, int]] = []
    for first, last, n in (
        WellbeingResult.objects.filter(unit=unit, closed_on__range=(start, end))
        .values_list("start", "end")
        .annotate(n=Count("pk"))
        .order_by("start", "end")
    ):
        pairs += [(first, last)] * n
    return pairs


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


def _fit(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Counts and sums over each respondent's first and last FIT score in the courses closed in the period
    (one row per respondent and instrument kind, written when the course closed)."""
    return _once(("fit", unit.pk, start, end), lambda: _read_fit(unit, start, end))


def _read_fit(unit: Unit, start: dt.date, end: dt.date) -> dict:
    outcome = Q(kind=Instrument.Kind.OUTCOME, answers__gte=2)
    judged = outcome & Q(reliable_change__isnull=False)
    alliance = Q(kind=Instrument.Kind.ALLIANCE)
    return FitResult.objects.filter(unit=unit, closed_on__range=(start, end)).aggregate(
        outcome_n=Count("pk", filter=outcome),
        outcome_change=Sum("change", filter=outcome),
        judged_n=Count("pk", filter=judged),
        improved_n=Count("pk", filter=judged & Q(change__gte=F("reliable_change"))),
        alliance_n=Count("pk", filter=alliance),
        alliance_last=Sum("last_total", filter=alliance),
    )


FIT_BASIS = gettext_noop(
    "Vi tæller hver person, der har svaret på trivselsskemaet (outcome) mindst to gange i et forløb, "
    "der er afsluttet i perioden. Ændringen er sidste score minus første score."
)


def kpi_outcome_change_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(FIT_BASIS) + " " + _("Tallet er gennemsnittet af ændringerne.")
    fit = _fit(unit, start, end)
    return _mean_from_result(
        Kpi.OUTCOME_CHANGE_MEAN, POINTS, definition, fit["outcome_change"], fit["outcome_n"]
    )


def kpi_share_reliably_improved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = (
        _(FIT_BASIS)
        + " "
        + _("Andelen er dem, hvis ændring er mindst måleredskabets grænse for pålidelig ændring.")
    )
    fit = _fit(unit, start, end)
    return _share_result(Kpi.SHARE_RELIABLY_IMPROVED, definition, fit["improved_n"], fit["judged_n"])


def kpi_alliance_mean(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver person, der har svaret på samarbejdsskemaet (alliance) i et forløb afsluttet i "
        "perioden, tæller vi den seneste samlede score. Tallet er gennemsnittet."
    )
    fit = _fit(unit, start, end)
    return _mean_from_result(Kpi.ALLIANCE_MEAN, POINTS, definition, fit["alliance_last"], fit["alliance_n"])


# Metafeedback ------------------------------------------------------------------------------------


def _metafeedback(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """Over the metafeedback responses of courses closed in the period: how many answered the first yes/no
    item (was the child involved?) and said yes, and how many answered the first 0-10 item (respect) and
    gave more than RESPECT_ABOVE."""
    return _once(("metafeedback", unit.pk, start, end), lambda: _read_metafeedback(unit, start, end))


def _read_metafeedback(unit: Unit, start: dt.date, end: dt.date) -> dict:
    return MetafeedbackResult.objects.filter(unit=unit, closed_on__range=(start, end)).aggregate(
        involved_n=Count("involved"),
        involved_yes=Count("pk", filter=Q(involved__isnull=False) & ~Q(involved=0)),
        respect_n=Count("respect"),
        respect_above=Count("pk", filter=Q(respect__gt=RESPECT_ABOVE)),
    )


def kpi_share_child_involved(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der svarer "
        "ja til, at barnet har oplevet at blive inddraget. Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _metafeedback(unit, start, end)
    return _share_result(Kpi.SHARE_CHILD_INVOLVED, definition, answers["involved_yes"], answers["involved_n"])


RESPECT_ABOVE = 7


def kpi_share_respect_above_7(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "Metafeedback ved afslutningen af forløb afsluttet i perioden: andelen af besvarelser, der "
        "scorer over 7 på skalaen 0-10 for at være blevet mødt med respekt (8, 9 eller 10). "
        "Aabenraa Kommunes mål for 2025: 80 %."
    )
    answers = _metafeedback(unit, start, end)
    return _share_result(
        Kpi.SHARE_RESPECT_ABOVE_7, definition, answers["respect_above"], answers["respect_n"]
    )


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


@dataclass(frozen=True)
class WorkerLoad:
    capacity: int | None
    courses: int  # courses the worker is on that are running on the day
    groups: int  # groups the worker leads that are running on the day


def _worker_loads(unit: Unit, on: dt.date) -> list[WorkerLoad]:
    """Each active worker of the unit, with their running courses and groups on the day. Three queries:
    only the running courses and groups are joined, not every course the workers ever had."""
    return _once(("loads", unit.pk, on), lambda: _read_worker_loads(unit, on))


def _read_worker_loads(unit: Unit, on: dt.date) -> list[WorkerLoad]:
    workers = dict(
        User.objects.filter(unit=unit, role=User.Role.WORKER, is_active=True).values_list("pk", "capacity")
    )
    courses = dict(
        Course.workers.through.objects.filter(
            user_id__in=list(workers),
            course__start_meeting_on__lte=on,
        )
        .filter(Q(course__closed_on__isnull=True) | Q(course__closed_on__gt=on))
        .values_list("user_id")
        .annotate(n=Count("course_id", distinct=True))
        .order_by()
    )
    groups = dict(
        Group.leaders.through.objects.filter(
            user_id__in=list(workers), group__starts_on__lte=on, group__ends_on__gte=on
        )
        .values_list("user_id")
        .annotate(n=Count("group_id", distinct=True))
        .order_by()
    )
    return [WorkerLoad(capacity, courses.get(pk, 0), groups.get(pk, 0)) for pk, capacity in workers.items()]


def kpi_load_per_worker(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _(
        "For hver aktiv medarbejder i enheden: antal forløb, medarbejderen er på, som var i gang ved "
        "periodens sidste dag (startet senest den dag og ikke afsluttet før). Tallet er gennemsnittet; "
        "listen viser hver medarbejder uden navn, størst først."
    )
    loads = sorted((w.courses for w in _worker_loads(unit, end)), reverse=True)
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
    load = capacity_load(
        [
            (w.courses + GROUP_LOAD_WEIGHT * w.groups, w.capacity)
            for w in _worker_loads(unit, end)
            if w.capacity
        ]
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
    """The rule behind "load against capacity", shared with the benchmark's SQL floor. None when no
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
