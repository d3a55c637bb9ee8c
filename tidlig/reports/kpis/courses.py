"""KPIs of the courses: started and closed, by offer and legal basis, contacts, digital contact,
escalation."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit
from tidlig.courses.models import (
    Contact,
    Course,
)
from tidlig.reports.anonymity import Breakdown, suppress_breakdown
from tidlig.reports.kpis.base import (
    COUNT,
    KpiResult,
    _closed,
    _count_result,
    _mean_from_result,
    _once,
    _share_result,
    _started,
)
from tidlig.reports.models import Kpi

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
