"""Every KPI of kpis.py in one hand-written SQL statement (plus one for the workers' load).

This is the benchmark's floor for the results page (docs/performance.md): what the database needs to
compute the same numbers, with no ORM and no Python loops over rows. The test suite proves that it gives
the same numbers as kpis.py, so the two cannot drift apart unnoticed. The page itself uses kpis.py, whose
one function per KPI carries the definition that is shown to the user.

The closed courses' results come either from the rows written when each course closed (RESULTS: what the
page reads, so the floor) or from the answers and placements themselves (ANSWERS). The tests hold both
equal to kpis.py, which proves the written results right; the benchmark times both (decision 0020).

The statement runs on PostgreSQL and SQLite: local dates come from Django's own backend expression, and
means are summed in whole tenths so that both databases add exactly.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from tidlig.accounts.models import Unit, User
from tidlig.courses.models import Contact, Course
from tidlig.groups.models import Enrollment
from tidlig.lib.dates import today
from tidlig.lib.stats import SUPPRESSION_THRESHOLD
from tidlig.measurements.models import Instrument, InstrumentItem, WellbeingPlacement
from tidlig.referrals.models import Referral
from tidlig.referrals.suggestions import GROUP_LOAD_WEIGHT
from tidlig.reports import anonymity
from tidlig.reports.anonymity import NO_DATA, SHOWN, TOO_FEW, round1
from tidlig.reports.kpis import RESPECT_ABOVE, KpiResult, capacity_load
from tidlig.reports.models import Kpi

_SQL = """
WITH
ref AS (
    SELECT status, contact_deadline, first_contact_at,
           {first_day} AS first_day, {received_day} AS received_day
    FROM referrals_referral
    WHERE unit_id = %(unit)s AND received_at >= %(from_ts)s AND received_at < %(to_ts)s
),
waited AS (
    SELECT {days} AS days FROM ref WHERE first_contact_at IS NOT NULL
),
waited_ranked AS (
    SELECT days, ROW_NUMBER() OVER (ORDER BY days) AS rn, COUNT(*) OVER () AS n FROM waited
),
unit_course AS (
    SELECT c.id, c.start_meeting_on, c.status, c.closed_on, c.close_reason
    FROM courses_course c JOIN offers_offer o ON o.id = c.offer_id
    WHERE o.unit_id = %(unit)s
),
started AS (
    SELECT id FROM unit_course WHERE start_meeting_on BETWEEN %(start)s AND %(end)s
),
{closed_courses}attendance AS (
    SELECT a.present FROM groups_attendance a
    JOIN groups_session s ON s.id = a.session_id
    JOIN groups_group g ON g.id = s.group_id
    JOIN offers_offer o ON o.id = g.offer_id
    WHERE o.unit_id = %(unit)s AND s.date BETWEEN %(start)s AND %(end)s
)
SELECT
    (SELECT COUNT(*) FROM ref),
    (SELECT COUNT(*) FROM referrals_anonymouscounselling
     WHERE unit_id = %(unit)s AND date BETWEEN %(start)s AND %(end)s),
    (SELECT COUNT(*) FROM waited),
    (SELECT AVG(days) FROM waited_ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)),
    (SELECT COUNT(*) FROM ref
     WHERE first_contact_at IS NOT NULL OR (status = %(accepted)s AND contact_deadline < %(today)s)),
    (SELECT COUNT(*) FROM ref WHERE first_contact_at IS NOT NULL AND first_day <= contact_deadline),
    (SELECT COUNT(*) FROM started),
    (SELECT COUNT(*) FROM closed),
    (SELECT COALESCE(SUM(n), 0) FROM closed_contacts),
    (SELECT COUNT(*) FROM started st WHERE EXISTS (
        SELECT 1 FROM courses_contact k
        WHERE k.course_id = st.id AND (k.kind = %(video)s OR k.place = %(digital)s))),
    (SELECT COUNT(*) FROM closed WHERE close_reason = %(escalated)s),
    (SELECT COUNT(*) FROM pair),
    (SELECT COALESCE(SUM(start_value), 0) FROM pair),
    (SELECT COALESCE(SUM(end_value), 0) FROM pair),
    (SELECT COUNT(*) FROM pair WHERE end_value > start_value),
    (SELECT COUNT(*) FROM pair WHERE end_value = start_value),
    (SELECT COUNT(*) FROM pair WHERE end_value < start_value),
    (SELECT COUNT(*) FROM series WHERE kind = %(outcome)s AND answers >= 2),
    (SELECT COALESCE(SUM(change_tenths), 0) FROM series WHERE kind = %(outcome)s AND answers >= 2),
    (SELECT COUNT(*) FROM series WHERE kind = %(outcome)s AND answers >= 2 AND rc_tenths IS NOT NULL),
    (SELECT COUNT(*) FROM series
     WHERE kind = %(outcome)s AND answers >= 2 AND rc_tenths IS NOT NULL AND change_tenths >= rc_tenths),
    (SELECT COUNT(*) FROM series WHERE kind = %(alliance)s),
    (SELECT COALESCE(SUM(last_tenths), 0) FROM series WHERE kind = %(alliance)s),
    (SELECT COUNT(*) FROM meta WHERE kind = %(yes_no)s AND rank = 1),
    (SELECT COUNT(*) FROM meta WHERE kind = %(yes_no)s AND rank = 1 AND value <> 0),
    (SELECT COUNT(*) FROM meta WHERE kind = %(scale)s AND rank = 1),
    (SELECT COUNT(*) FROM meta WHERE kind = %(scale)s AND rank = 1 AND value > %(respect)s),
    (SELECT COUNT(*) FROM attendance),
    (SELECT COUNT(*) FROM attendance WHERE present),
    (SELECT COUNT(*) FROM groups_enrollment e
     JOIN groups_group g ON g.id = e.group_id JOIN offers_offer o ON o.id = g.offer_id
     WHERE o.unit_id = %(unit)s AND g.starts_on <= %(end)s AND g.ends_on >= %(start)s
       AND e.status IN (%(enrolled)s, %(left)s))
"""

# The closed courses' results, computed from the answers and placements themselves: what it costs without
# the results written at closing (decision 0020), and the proof in the tests that those are right.
_FROM_ANSWERS = """
closed AS (
    SELECT id, close_reason FROM unit_course
    WHERE status = %(closed)s AND closed_on BETWEEN %(start)s AND %(end)s
),
closed_contacts AS (
    SELECT (SELECT COUNT(*) FROM courses_contact k WHERE k.course_id = cl.id) AS n FROM closed cl
),
placement AS (
    SELECT p.course_id, p.child_id, p.moment, p.value,
           ROW_NUMBER() OVER (
               PARTITION BY p.course_id, p.child_id, p.moment ORDER BY p.placed_on DESC, p.id DESC
           ) AS latest
    FROM measurements_wellbeingplacement p JOIN closed cl ON cl.id = p.course_id
    WHERE p.moment IN (%(moment_start)s, %(moment_end)s)
),
pair AS (
    SELECT MAX(CASE WHEN moment = %(moment_start)s THEN value END) AS start_value,
           MAX(CASE WHEN moment = %(moment_end)s THEN value END) AS end_value
    FROM placement WHERE latest = 1
    GROUP BY course_id, child_id
    HAVING COUNT(*) = 2
),
fit_answer AS (
    SELECT i.kind, r.course_id, r.role, r.child_id, r.guardian_id, r.answered_at, r.id,
           CAST(ROUND(r.total * 10) AS INTEGER) AS tenths,
           CAST(ROUND(i.reliable_change * 10) AS INTEGER) AS rc_tenths
    FROM measurements_response r
    JOIN closed cl ON cl.id = r.course_id
    JOIN measurements_instrument i ON i.id = r.instrument_id
    WHERE i.kind IN (%(outcome)s, %(alliance)s) AND r.total IS NOT NULL
),
fit_ranked AS (
    SELECT kind, tenths, rc_tenths,
           FIRST_VALUE(tenths) OVER (
               PARTITION BY kind, course_id, role, child_id, guardian_id ORDER BY answered_at, id
           ) AS first_tenths,
           ROW_NUMBER() OVER (
               PARTITION BY kind, course_id, role, child_id, guardian_id ORDER BY answered_at DESC, id DESC
           ) AS last_rank,
           COUNT(*) OVER (PARTITION BY kind, course_id, role, child_id, guardian_id) AS answers
    FROM fit_answer
),
series AS (
    SELECT kind, answers, tenths AS last_tenths, tenths - first_tenths AS change_tenths, rc_tenths
    FROM fit_ranked WHERE last_rank = 1
),
meta AS (
    SELECT it.kind, sc.value,
           ROW_NUMBER() OVER (PARTITION BY sc.response_id, it.kind ORDER BY it.position) AS rank
    FROM measurements_itemscore sc
    JOIN measurements_response r ON r.id = sc.response_id
    JOIN closed cl ON cl.id = r.course_id
    JOIN measurements_instrument i ON i.id = r.instrument_id
    JOIN measurements_instrumentitem it ON it.id = sc.item_id
    WHERE i.kind = %(metafeedback)s AND it.kind IN (%(yes_no)s, %(scale)s) AND sc.value IS NOT NULL
),
"""

# The same CTEs over the results written when each course closed (courses/services/results.py): the floor
# for the results page, which reads the same rows, each by its own unit and closing day (decision 0020,
# addendum).
_FROM_RESULTS = """
closed AS (
    SELECT course_id AS id, close_reason, contacts FROM courses_courseresult
    WHERE unit_id = %(unit)s AND closed_on BETWEEN %(start)s AND %(end)s
),
closed_contacts AS (
    SELECT contacts AS n FROM closed
),
pair AS (
    SELECT w."start" AS start_value, w."end" AS end_value
    FROM courses_wellbeingresult w
    WHERE w.unit_id = %(unit)s AND w.closed_on BETWEEN %(start)s AND %(end)s
),
series AS (
    SELECT f.kind, f.answers,
           CAST(ROUND(f.last_total * 10) AS INTEGER) AS last_tenths,
           CAST(ROUND(f.change * 10) AS INTEGER) AS change_tenths,
           CAST(ROUND(f.reliable_change * 10) AS INTEGER) AS rc_tenths
    FROM courses_fitresult f
    WHERE f.unit_id = %(unit)s AND f.closed_on BETWEEN %(start)s AND %(end)s
),
meta AS (
    SELECT %(yes_no)s AS kind, m.involved AS value, 1 AS rank
    FROM courses_metafeedbackresult m
    WHERE m.unit_id = %(unit)s AND m.closed_on BETWEEN %(start)s AND %(end)s AND m.involved IS NOT NULL
    UNION ALL
    SELECT %(scale)s AS kind, m.respect AS value, 1 AS rank
    FROM courses_metafeedbackresult m
    WHERE m.unit_id = %(unit)s AND m.closed_on BETWEEN %(start)s AND %(end)s AND m.respect IS NOT NULL
),
"""

ANSWERS = "answers"
RESULTS = "results"

_LOAD_SQL = """
SELECT COALESCE(running.n, 0) AS n, u.capacity, COALESCE(led.n, 0) AS groups_led
FROM accounts_user u
LEFT JOIN (
    SELECT cw.user_id, COUNT(DISTINCT c.id) AS n
    FROM courses_course_workers cw JOIN courses_course c ON c.id = cw.course_id
    WHERE c.start_meeting_on <= %(end)s AND (c.closed_on IS NULL OR c.closed_on > %(end)s)
    GROUP BY cw.user_id
) running ON running.user_id = u.id
LEFT JOIN (
    SELECT gl.user_id, COUNT(DISTINCT g.id) AS n
    FROM groups_group_leaders gl JOIN groups_group g ON g.id = gl.group_id
    WHERE g.starts_on <= %(end)s AND g.ends_on >= %(end)s
    GROUP BY gl.user_id
) led ON led.user_id = u.id
WHERE u.unit_id = %(unit)s AND u.role = %(worker)s AND u.is_active
ORDER BY n DESC
"""


def _local_date(column: str) -> str:
    sql, params = connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())
    # why: the backends give the time zone names as parameters; they are constants, so inline them
    for value in params:
        sql = sql.replace("%s", "'" + str(value).replace("'", "") + "'", 1)
    return sql


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _statement(source: str) -> str:
    return _SQL.format(
        closed_courses={ANSWERS: _FROM_ANSWERS, RESULTS: _FROM_RESULTS}[source].strip("\n") + "\n",
        first_day=_local_date("first_contact_at"),
        received_day=_local_date("received_at"),
        days=_days_between("first_day", "received_day"),
    )


def _bounds(start: dt.date, end: dt.date) -> tuple:
    """The local days start..end as [from, to) instants, as the database stores them."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    adapt = connection.ops.adapt_datetimefield_value
    return adapt(first), adapt(after)


def _params(unit: Unit, start: dt.date, end: dt.date) -> dict:
    from_ts, to_ts = _bounds(start, end)
    adapt = connection.ops.adapt_datefield_value
    return {
        "unit": unit.pk,
        "start": adapt(start),
        "end": adapt(end),
        "today": adapt(today()),
        "from_ts": from_ts,
        "to_ts": to_ts,
        "accepted": Referral.Status.ACCEPTED,
        "closed": Course.Status.CLOSED,
        "escalated": Course.CloseReason.ESCALATED,
        "video": Contact.Kind.VIDEO,
        "digital": Contact.Place.DIGITAL,
        "moment_start": WellbeingPlacement.Moment.START,
        "moment_end": WellbeingPlacement.Moment.END,
        "outcome": Instrument.Kind.OUTCOME,
        "alliance": Instrument.Kind.ALLIANCE,
        "metafeedback": Instrument.Kind.METAFEEDBACK,
        "yes_no": InstrumentItem.Kind.YES_NO,
        "scale": InstrumentItem.Kind.SCALE,
        "respect": RESPECT_ABOVE,
        "worker": User.Role.WORKER,
        "enrolled": Enrollment.Status.ENROLLED,
        "left": Enrollment.Status.LEFT,
    }


def raw_numbers(
    *, unit: Unit, start: dt.date, end: dt.date, source: str = RESULTS
) -> tuple[tuple, list[tuple[int, int, int]]]:
    """The two statements' rows: every KPI's counts and sums, and each worker's courses, capacity and
    groups led. `source` says where the closed courses' results come from: the rows written when each
    closed (RESULTS, as the page) or the answers and placements themselves (ANSWERS)."""
    params = _params(unit, start, end)
    with connection.cursor() as cursor:
        cursor.execute(_statement(source), params)
        row = cursor.fetchone()
        cursor.execute(_LOAD_SQL, params)
        workers = [tuple(r) for r in cursor.fetchall()]
    return row, workers


def _load_against_capacity(workers: list[tuple[int, int | None, int]]) -> "Numbers":
    load = capacity_load(
        [(n + GROUP_LOAD_WEIGHT * groups, capacity) for n, capacity, groups in workers if capacity]
    )
    if load is None:
        return Numbers(None, None, None, NO_DATA, None)
    cells = anonymity.suppress_breakdown(
        Kpi.LOAD_AGAINST_CAPACITY, "", [(str(i), "", n) for i, (n, _c) in enumerate(load.loads, start=1)]
    )
    return Numbers(
        None if load.hidden else load.raw,
        None,
        load.capacity,
        load.hidden,
        load.raw,
        (tuple((c.value, c.hidden) for c in cells.cells), cells.total),
    )


@dataclass(frozen=True)
class Numbers:
    """What a KPI shows, stripped of its label and definition: the part both computations must agree on."""

    value: Decimal | None
    numerator: int | None
    denominator: int | None
    hidden: str
    raw_value: Decimal | None
    rows: tuple | None = None


def numbers_of(result: KpiResult) -> Numbers:
    rows = None
    if result.rows is not None:
        rows = (tuple((c.value, c.hidden) for c in result.rows.cells), result.rows.total)
    return Numbers(result.value, result.numerator, result.denominator, result.hidden, result.raw_value, rows)


def _count(n: int) -> Numbers:
    shown, hidden = anonymity.count(n)
    return Numbers(None if shown is None else Decimal(shown), None, None, hidden, None)


def _share(numerator: int, denominator: int) -> Numbers:
    s = anonymity.share(numerator, denominator)
    return Numbers(s.value, s.numerator, s.denominator, s.hidden, s.raw)


def _mean(total: Decimal, n: int, value: Decimal | None = None) -> Numbers:
    """anonymity.mean_of from a sum and a count; value replaces the mean (for a median)."""
    denominator = anonymity.count(n)[0]
    if n == 0:
        return Numbers(None, None, denominator, NO_DATA, None)
    if n < SUPPRESSION_THRESHOLD:
        return Numbers(None, None, denominator, TOO_FEW, None)
    mean = round1(Decimal(total) / n) if value is None else value
    return Numbers(mean, None, denominator, SHOWN, None)


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def kpi_numbers(*, unit: Unit, start: dt.date, end: dt.date, source: str = RESULTS) -> dict[str, Numbers]:
    """Every KPI's shown numbers, computed by the hand-written SQL and the same anonymity rules."""
    row, workers = raw_numbers(unit=unit, start=start, end=end, source=source)
    loads = [n for n, _capacity, _groups in workers]
    (
        referrals,
        counselling,
        waited,
        median_days,
        deadline_counted,
        deadline_met,
        started,
        closed,
        closed_contacts,
        digital,
        escalated,
        pairs,
        start_sum,
        end_sum,
        improved,
        unchanged,
        worse,
        outcome_series,
        change_tenths,
        rc_series,
        reliably_improved,
        alliance_series,
        alliance_tenths,
        involved_answers,
        involved_yes,
        respect_answers,
        respect_above,
        attendance,
        present,
        participants,
    ) = row
    median = None if median_days is None else round1(_decimal(median_days))
    tenth = Decimal(10)
    if loads:
        cells = anonymity.suppress_breakdown(
            Kpi.LOAD_PER_WORKER, "", [(str(i), "", n) for i, n in enumerate(loads, start=1)]
        )
        load = Numbers(
            round1(Decimal(sum(loads)) / len(loads)),
            None,
            len(loads),
            SHOWN,
            None,
            (tuple((c.value, c.hidden) for c in cells.cells), cells.total),
        )
    else:
        load = Numbers(None, None, None, NO_DATA, None)
    return {
        Kpi.REFERRALS_COUNT: _count(referrals),
        Kpi.COUNSELLING_COUNT: _count(counselling),
        Kpi.DAYS_TO_FIRST_CONTACT_MEDIAN: _mean(Decimal(0), waited, median),
        Kpi.SHARE_CONTACTED_WITHIN_DEADLINE: _share(deadline_met, deadline_counted),
        Kpi.COURSES_STARTED: _count(started),
        Kpi.COURSES_CLOSED: _count(closed),
        Kpi.CONTACTS_PER_CLOSED_COURSE: _mean(Decimal(closed_contacts), closed),
        Kpi.SHARE_COURSES_WITH_DIGITAL_CONTACT: _share(digital, started),
        Kpi.WELLBEING_START_MEAN: _mean(Decimal(start_sum), pairs),
        Kpi.WELLBEING_END_MEAN: _mean(Decimal(end_sum), pairs),
        Kpi.SHARE_WELLBEING_IMPROVED: _share(improved, pairs),
        Kpi.SHARE_WELLBEING_UNCHANGED: _share(unchanged, pairs),
        Kpi.SHARE_WELLBEING_WORSE: _share(worse, pairs),
        Kpi.SHARE_ESCALATED: _share(escalated, closed),
        Kpi.OUTCOME_CHANGE_MEAN: _mean(_decimal(change_tenths) / tenth, outcome_series),
        Kpi.SHARE_RELIABLY_IMPROVED: _share(reliably_improved, rc_series),
        Kpi.ALLIANCE_MEAN: _mean(_decimal(alliance_tenths) / tenth, alliance_series),
        Kpi.SHARE_CHILD_INVOLVED: _share(involved_yes, involved_answers),
        Kpi.SHARE_RESPECT_ABOVE_7: _share(respect_above, respect_answers),
        Kpi.GROUP_PARTICIPANTS: _count(participants),
        Kpi.GROUP_ATTENDANCE_SHARE: _share(present or 0, attendance),
        Kpi.LOAD_PER_WORKER: load,
        Kpi.LOAD_AGAINST_CAPACITY: _load_against_capacity(workers),
    }
