"""KPIs of the referrals: how many came, by which source and door, and how fast the family was contacted."""

import datetime as dt
import statistics
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit
from tidlig.lib.dates import today
from tidlig.referrals.models import AnonymousCounselling, Referral
from tidlig.reports import anonymity
from tidlig.reports.anonymity import Breakdown, round1, suppress_breakdown
from tidlig.reports.kpis.base import (
    DAYS,
    KpiResult,
    _count_result,
    _once,
    _result,
    _share_result,
    referrals_received,
)
from tidlig.reports.models import Kpi

# Referrals ---------------------------------------------------------------------------------------


def _referral_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    """The period's referrals: all of them, those whose contact clock has stopped or run out, and those
    contacted by their deadline's day. One query for the two KPIs that count them."""
    return _once(("referrals", unit.pk, start, end), lambda: _read_referral_counts(unit, start, end))


def _read_referral_counts(unit: Unit, start: dt.date, end: dt.date) -> dict:
    contacted = Q(first_contact_at__isnull=False)
    overdue = Q(first_contact_at__isnull=True, status=Referral.Status.ACCEPTED, contact_deadline__lt=today())
    return referrals_received(unit, start, end).aggregate(
        total=Count("pk"),
        counted=Count("pk", filter=contacted | overdue),
        within=Count("pk", filter=contacted & Q(first_contact_at__date__lte=F("contact_deadline"))),
    )


def kpi_referrals_count(*, unit: Unit, start: dt.date, end: dt.date) -> KpiResult:
    definition = _("Alle henvendelser til enheden, der er modtaget i perioden, uanset vej ind og udfald.")
    return _count_result(Kpi.REFERRALS_COUNT, definition, _referral_counts(unit, start, end)["total"])


def _breakdown(code: str, label: str, field: str, choices, unit, start, end) -> Breakdown:
    counts = dict(referrals_received(unit, start, end).values_list(field).annotate(n=Count("pk")).order_by())
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
        referrals_received(unit, start, end)
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
