"""Feedback for practice (bevidst praksis, Aabenraa Kommune 2025, section 4.1 and 4.3).

A worker sees their own FIT results over the courses they closed in a period beside the unit's; a
leader also sees how the unit's workers are spread, each under an anonymous letter and never a name.
The anonymity rules of the results page apply (reports/anonymity.py, docs/decisions/0013): counts of
1-4 are "under 5", and a mean or share resting on fewer than 5 is "for få til at vise".

A course's results belong to the period it was closed in. The outcome change of a respondent is their
last total minus their first in the course (kpis.FIT_BASIS). Each function is a constant number of
queries.
"""

import datetime as dt
import string
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tidlig.accounts.models import Unit, User
from tidlig.courses.models import Course, FitResult
from tidlig.measurements.models import Instrument
from tidlig.reports import anonymity
from tidlig.reports.anonymity import SHOWN, Share
from tidlig.reports.queries import HIDDEN_TEXTS, count_text, number_text


@dataclass(frozen=True)
class Figures:
    """One set of practice figures, already through the anonymity rules."""

    courses: int | None
    courses_hidden: str
    change_mean: Decimal | None
    change_hidden: str
    respondents: int | None  # how many the mean rests on, suppressed
    reliably_improved: Share
    dropout: Share

    @property
    def courses_text(self) -> str:
        if self.courses is None and self.courses_hidden == anonymity.UNDER_5:
            return count_text(None)
        return str(self.courses or 0)

    @property
    def change_text(self) -> str:
        if self.change_mean is None:
            return str(HIDDEN_TEXTS[self.change_hidden or anonymity.NO_DATA])
        sign = "+" if self.change_mean > 0 else ""
        return sign + number_text(self.change_mean, "point")

    @property
    def respondents_text(self) -> str:
        return count_text(self.respondents)

    @staticmethod
    def _share_text(share: Share) -> str:
        if share.value is None:
            return str(HIDDEN_TEXTS[share.hidden or anonymity.NO_DATA])
        return number_text(share.value, "%")

    @property
    def reliably_improved_text(self) -> str:
        return self._share_text(self.reliably_improved)

    @property
    def dropout_text(self) -> str:
        return self._share_text(self.dropout)


@dataclass(frozen=True)
class Practice:
    own: Figures
    unit: Figures


def _closed(start: dt.date, end: dt.date) -> QuerySet:
    return Course.objects.filter(status=Course.Status.CLOSED, closed_on__range=(start, end))


def _changes(courses: QuerySet) -> list[tuple[Decimal, Decimal | None]]:
    """(last - first, reliable change) per respondent with at least two outcome answers in a course
    (the results written when each course closed, decision 0020)."""
    return list(
        FitResult.objects.filter(
            result__course__in=courses, kind=Instrument.Kind.OUTCOME, answers__gte=2
        ).values_list("change", "reliable_change")
    )


def _figures(courses: QuerySet) -> Figures:
    counts = courses.aggregate(
        total=Count("pk", distinct=True),
        dropped=Count("pk", distinct=True, filter=Q(close_reason=Course.CloseReason.ENDED_BY_FAMILY)),
    )
    changes = _changes(courses)
    mean, mean_hidden = anonymity.mean_of([c for c, _rc in changes])
    judged = [(c, rc) for c, rc in changes if rc is not None]
    shown_courses, courses_hidden = anonymity.count(counts["total"])
    return Figures(
        courses=shown_courses,
        courses_hidden=courses_hidden,
        change_mean=mean,
        change_hidden=mean_hidden,
        respondents=anonymity.count(len(changes))[0],
        reliably_improved=anonymity.share(sum(1 for c, rc in judged if c >= rc), len(judged)),
        dropout=anonymity.share(counts["dropped"], counts["total"]),
    )


def worker_practice(worker: User, *, start: dt.date, end: dt.date) -> Practice:
    """The worker's own figures over their courses closed in the period, and the whole unit's."""
    closed = _closed(start, end)
    return Practice(
        own=_figures(closed.filter(workers=worker)),
        unit=_figures(closed.filter(offer__unit_id=worker.unit_id)),
    )


@dataclass(frozen=True)
class WorkerRow:
    label: str  # "Medarbejder A": a letter given after sorting, so it says nothing about who
    change_mean: Decimal | None
    hidden: str
    respondents: int | None

    @property
    def change_text(self) -> str:
        if self.change_mean is None:
            return str(HIDDEN_TEXTS[self.hidden or anonymity.NO_DATA])
        sign = "+" if self.change_mean > 0 else ""
        return sign + number_text(self.change_mean, "point")

    @property
    def respondents_text(self) -> str:
        if self.hidden == anonymity.NO_DATA:
            return "0"
        return count_text(self.respondents)


def _letter(i: int) -> str:
    letters = string.ascii_uppercase
    return letters[i] if i < len(letters) else letters[i // len(letters) - 1] + letters[i % len(letters)]


def unit_distribution(unit: Unit, *, start: dt.date, end: dt.date) -> list[WorkerRow]:
    """Per active worker of the unit, the mean outcome change over the courses they were on that closed
    in the period, with how many respondents it rests on. Sorted by the value (highest first; "for få"
    and no data last), labelled A, B, ... in that order. Two queries."""
    workers = list(
        User.objects.filter(unit=unit, role=User.Role.WORKER, is_active=True).values_list("pk", flat=True)
    )
    changes: dict[int, list] = {pk: [] for pk in workers}
    for worker_id, change in FitResult.objects.filter(
        result__course__in=_closed(start, end).filter(offer__unit=unit),
        result__course__workers__in=workers,
        kind=Instrument.Kind.OUTCOME,
        answers__gte=2,
    ).values_list("result__course__workers", "change"):
        changes[worker_id].append(change)
    computed = []
    for values in changes.values():
        mean, hidden = anonymity.mean_of(values)
        computed.append((mean, hidden, anonymity.count(len(values))[0]))
    order = {SHOWN: 0, anonymity.TOO_FEW: 1, anonymity.NO_DATA: 2}
    computed.sort(key=lambda row: (order.get(row[1], 3), -(row[0] or 0)))
    return [
        WorkerRow(_("Medarbejder %(letter)s") % {"letter": _letter(i)}, mean, hidden, n)
        for i, (mean, hidden, n) in enumerate(computed)
    ]
