"""A closed course's results, worked out once when it closes (docs/decisions/0020).

The results page counts, for a unit and a period, the children placed on the Trivselslineal at start and
end, each respondent's first and last FIT score and the family's metafeedback, over the courses closed in
the period (reports/kpis.py). A closed course can no longer change, so `close_course` writes those facts
here, and a year's KPIs add up a few thousand small rows instead of reading and ordering every answer.

`summarise` takes any number of courses in five queries (the generator closes thousands at a time);
`summarise_missing` fills in closed courses that have no result yet (data from before this table, or
loaded in bulk) and runs after every `migrate`. The benchmark's SQL floor still computes the same KPIs
from the answers themselves, and its tests hold the two equal.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from tidlig.courses.models import Course, CourseResult, FitResult, MetafeedbackResult, WellbeingResult
from tidlig.measurements.models import Instrument, InstrumentItem, ItemScore, Response, WellbeingPlacement

FIT_KINDS = (Instrument.Kind.OUTCOME, Instrument.Kind.ALLIANCE)


# A course's unit and closing day, which every result row carries (decision 0020, addendum).
Closed = dict[int, tuple[int, dt.date]]


def _wellbeing(closed: Closed) -> list[WellbeingResult]:
    """Each child's start and end placement; the latest of each when a child somehow has two."""
    moments: dict[tuple[int, int], dict[str, int]] = {}
    for course_id, child_id, moment, value in (
        WellbeingPlacement.objects.filter(
            course_id__in=list(closed),
            moment__in=[WellbeingPlacement.Moment.START, WellbeingPlacement.Moment.END],
        )
        .order_by("placed_on", "id")
        .values_list("course_id", "child_id", "moment", "value")
    ):
        moments.setdefault((course_id, child_id), {})[moment] = value
    return [
        WellbeingResult(
            result_id=course_id,
            unit_id=closed[course_id][0],
            closed_on=closed[course_id][1],
            start=m["start"],
            end=m["end"],
        )
        for (course_id, _child_id), m in moments.items()
        if "start" in m and "end" in m
    ]


def _fit(closed: Closed) -> list[FitResult]:
    """Per respondent (course, instrument kind, role, child or adult): their totals in the order answered."""
    series: dict[tuple, list[tuple[Decimal, Decimal | None]]] = {}
    for course_id, kind, role, child_id, guardian_id, total, reliable_change in (
        Response.objects.filter(
            course_id__in=list(closed), instrument__kind__in=FIT_KINDS, total__isnull=False
        )
        .order_by("answered_at", "id")
        .values_list(
            "course_id",
            "instrument__kind",
            "role",
            "child_id",
            "guardian_id",
            "total",
            "instrument__reliable_change",
        )
    ):
        series.setdefault((course_id, kind, role, child_id, guardian_id), []).append((total, reliable_change))
    return [
        FitResult(
            result_id=course_id,
            unit_id=closed[course_id][0],
            closed_on=closed[course_id][1],
            kind=kind,
            answers=len(totals),
            first_total=totals[0][0],
            last_total=totals[-1][0],
            change=totals[-1][0] - totals[0][0],
            reliable_change=totals[-1][1],
        )
        for (course_id, kind, *_respondent), totals in series.items()
    ]


def _metafeedback(closed: Closed) -> list[MetafeedbackResult]:
    """Per metafeedback response, the first answered yes/no item and the first answered 0-10 item."""
    answers: dict[int, dict] = {}
    for response_id, course_id, kind, value in (
        ItemScore.objects.filter(
            response__course_id__in=list(closed),
            response__instrument__kind=Instrument.Kind.METAFEEDBACK,
            item__kind__in=[InstrumentItem.Kind.YES_NO, InstrumentItem.Kind.SCALE],
            value__isnull=False,
        )
        .order_by("response_id", "item__position")
        .values_list("response_id", "response__course_id", "item__kind", "value")
    ):
        first = answers.setdefault(response_id, {"course": course_id})
        first.setdefault(kind, value)
    return [
        MetafeedbackResult(
            result_id=a["course"],
            unit_id=closed[a["course"]][0],
            closed_on=closed[a["course"]][1],
            involved=a.get(InstrumentItem.Kind.YES_NO),
            respect=a.get(InstrumentItem.Kind.SCALE),
        )
        for a in answers.values()
    ]


def _bulk_insert(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def summarise(course_ids: Iterable[int], *, insert: Callable[[type, list], list] = _bulk_insert) -> int:
    """Write the results of these closed courses (those already summarised or still open are skipped).
    Five queries and four bulk inserts, however many courses; `insert` lets the benchmark generator time
    them. Returns how many courses were summarised."""
    courses = list(
        Course.objects.filter(pk__in=list(course_ids), status=Course.Status.CLOSED, result__isnull=True)
        .annotate(n_contacts=Count("contacts"))
        .values_list("pk", "offer__unit_id", "closed_on", "close_reason", "n_contacts")
    )
    if not courses:
        return 0
    insert(
        CourseResult,
        [
            CourseResult(course_id=pk, unit_id=unit_id, closed_on=closed_on, close_reason=reason, contacts=n)
            for pk, unit_id, closed_on, reason, n in courses
        ],
    )
    closed = {pk: (unit_id, closed_on) for pk, unit_id, closed_on, *_rest in courses}
    insert(WellbeingResult, _wellbeing(closed))
    insert(FitResult, _fit(closed))
    insert(MetafeedbackResult, _metafeedback(closed))
    return len(closed)


BATCH = 2000


def summarise_missing() -> int:
    """Summarise every closed course that has no result yet, in batches. Safe to run any time."""
    done = 0
    while ids := list(
        Course.objects.filter(status=Course.Status.CLOSED, result__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    ):
        done += summarise(ids)
    return done
