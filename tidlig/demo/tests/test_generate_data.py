"""The benchmark's data generator, scaled down: synthetic, deterministic, through the models' rules."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, AccessLogSubject
from tidlig.audit.queries import log_for_person
from tidlig.consent.models import Consent, Information
from tidlig.courses.fit import role_for_child
from tidlig.courses.models import Contact, Course, CourseResult, ExtensionRequest, FitResult, WellbeingResult
from tidlig.demo import generator
from tidlig.demo.models import GeneratedData
from tidlig.groups.models import Attendance, Enrollment, Group, Session
from tidlig.lib.cpr import birth_date_from_cpr, passes_modulus_11
from tidlig.lib.crypto import lookup_digest
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response, WellbeingPlacement
from tidlig.offers.models import Offer
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.referrals.models import Referral
from tidlig.reports import kpis, kpis_sql
from tidlig.reports.anonymity import round1

pytestmark = pytest.mark.django_db

SMOKE = 0.01


def generate() -> str:
    out = StringIO()
    call_command("generate_data", "--size", "small", "--scale", str(SMOKE), stdout=out)
    return out.getvalue()


def test_it_generates_a_small_municipality_and_reports_rows_per_second():
    output = generate()
    assert "rækker/s" in output
    assert "people_child" in output
    marker = GeneratedData.objects.get()
    assert (marker.size, marker.scale, marker.seed, marker.version) == (
        "small",
        SMOKE,
        generator.SEED,
        generator.VERSION,
    )
    # 13,000 children and 1,000 referrals a year for five years, scaled by 0.01
    assert 100 <= Child.objects.count() <= 160
    assert Referral.objects.count() == marker.rows["referrals_referral"]
    assert 35 <= Referral.objects.count() <= 65
    assert Course.objects.filter(status="closed").exists()
    assert Contact.objects.exists()


def test_it_gives_children_fictitious_encrypted_cpr_numbers():
    generate()
    for child in Child.objects.all()[:50]:
        cpr = child.cpr
        assert child.cpr_encrypted and cpr not in child.cpr_encrypted
        assert not passes_modulus_11(cpr)
        assert birth_date_from_cpr(cpr) == child.birth_date
        assert child.cpr_digest == lookup_digest(cpr)


def test_it_scores_answers_like_the_forms_do():
    generate()
    response = Response.objects.filter(instrument__kind="outcome").first()
    values = ItemScore.objects.filter(response=response).values_list("value", flat=True)
    assert len(values) == 4
    assert response.total == sum(values)
    assert all(0 <= v <= 10 for v in values)


def test_it_ends_the_assignment_when_the_course_closes():
    generate()
    for course in Course.objects.all():
        active = HouseholdAssignment.objects.filter(
            household=course.household, worker=course.workers.get(), ended_at__isnull=True
        )
        assert active.exists() == course.is_open, course
    assert not Course.objects.filter(closed_on__gt=today()).exists()


def test_closed_courses_are_closed_as_close_course_allows_and_have_their_results():
    """Every child placed at the end and the metafeedback answered, or the worker's reason why not; and
    the results close_course writes (decision 0020)."""
    generate()
    closed = Course.objects.filter(status="closed")
    assert closed.exists()
    for course in closed.prefetch_related("household__children", "placements", "responses__instrument"):
        ended = {p.child_id for p in course.placements.all() if p.moment == "end"}
        children = {c.pk for c in course.household.children.all()}
        has_metafeedback = any(r.instrument.kind == "metafeedback" for r in course.responses.all())
        assert (children <= ended and has_metafeedback) or course.missing_measurements_reason, course
    assert CourseResult.objects.count() == closed.count()
    assert WellbeingResult.objects.exists() and FitResult.objects.exists()
    assert closed.filter(missing_measurements_reason="").exists()
    assert closed.exclude(missing_measurements_reason="").exists()


def test_it_gives_the_same_rows_for_the_same_seed():
    def fingerprint():
        return list(Child.objects.order_by("uuid").values_list("uuid", "first_name", "birth_date"))

    class Again(Exception):
        pass

    with pytest.raises(Again), transaction.atomic():
        generate()
        first = fingerprint()
        raise Again
    assert not Household.objects.exists()
    generate()
    assert fingerprint() == first


def test_it_refuses_a_database_with_families(mette_family):
    with pytest.raises(CommandError, match="allerede familier"):
        generate()
    assert not GeneratedData.objects.exists()


def test_it_refuses_the_national_size_without_the_flag():
    with pytest.raises(CommandError, match="--allow-national"):
        call_command("generate_data", "--size", "national", "--scale", "0.001", stdout=StringIO())
    assert not Household.objects.exists()


def test_the_sql_floor_agrees_with_the_kpis_on_generated_data():
    generate_wider()
    # why: the KPIs count one row per respondent; the children's and young people's series must be in both
    assert Response.objects.filter(course__status="closed", role__in=["child", "young"]).exists()
    unit = Course.objects.first().offer.unit
    year = today().year
    for start, end in [
        (dt.date(year - 5, 1, 1), dt.date(year, 12, 31)),
        (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)),
    ]:
        orm = {r.code: kpis_sql.numbers_of(r) for r in kpis.all_kpis(unit=unit, start=start, end=end)}
        for source in (kpis_sql.RESULTS, kpis_sql.ANSWERS):
            assert kpis_sql.kpi_numbers(unit=unit, start=start, end=end, source=source) == orm
    assert orm["courses_closed"].value > 0


# Version 2: groups, consents, extension requests and the historical access log -------------------

WIDER = 0.03  # about 130 courses and 3-4 groups: enough rows that every kind appears on any day


def generate_wider() -> None:
    call_command("generate_data", "--size", "small", "--scale", str(WIDER), stdout=StringIO())


def test_it_runs_groups_led_by_the_units_workers_with_attendance_for_the_enrolled_only():
    # why: at 0.1 there are 8 groups and enough referred families to fill them and make waiting lists
    call_command("generate_data", "--size", "small", "--scale", "0.1", stdout=StringIO())
    groups = list(Group.objects.select_related("offer").prefetch_related("leaders"))
    assert groups
    for group in groups:
        assert group.offer.format in (Offer.Format.GROUP, Offer.Format.BOTH)
        assert group.starts_on <= group.ends_on and group.capacity >= 1
        leaders = list(group.leaders.all())
        assert leaders and all(u.is_worker and u.unit_id == group.offer.unit_id for u in leaders)
        statuses = list(group.enrollments.values_list("status", flat=True))
        enrolled = statuses.count(Enrollment.Status.ENROLLED)
        assert enrolled <= group.capacity
        if Enrollment.Status.WAITING in statuses:  # the waiting list moves up whenever a place frees
            assert enrolled == group.capacity
    assert Enrollment.objects.filter(status=Enrollment.Status.ENROLLED).exists()
    assert Enrollment.objects.filter(status=Enrollment.Status.LEFT).exists()
    moved_up = AccessLog.objects.filter(event="group.moved_up")
    assert Enrollment.objects.filter(status=Enrollment.Status.WAITING).exists() or moved_up.exists()
    for enrollment in Enrollment.objects.select_related("child", "guardian"):
        assert enrollment.person.household_id == enrollment.household_id
        assert enrollment.enrolled_at <= timezone.now()
    sessions = Session.objects.select_related("group", "strand")
    assert sessions.exists()
    for session in sessions:
        assert session.group.starts_on <= session.date <= min(session.group.ends_on, today())
        assert session.strand.group_id == session.group_id
    attendance = Attendance.objects.select_related("session", "enrollment")
    assert attendance.filter(present=True).exists() and attendance.filter(present=False).exists()
    for row in attendance:
        assert row.enrollment.group_id == row.session.group_id
        assert row.enrollment.status != Enrollment.Status.WAITING
        assert row.enrollment.enrolled_at.date() <= row.session.date


def test_consents_are_given_by_a_custodian_of_every_child_with_ordered_dates():
    generate_wider()
    consents = Consent.objects.select_related("given_by").prefetch_related(
        "children", "recipient_institutions", "recipient_units"
    )
    assert consents.exists() and consents.filter(withdrawn_at__isnull=False).exists()
    for consent in consents:
        children = list(consent.children.all())
        assert children and consent.information
        assert set(consent.information) <= set(Information.values)
        assert consent.recipient_institutions.exists() or consent.recipient_units.exists()
        for child in children:
            assert child.household_id == consent.household_id == consent.given_by.household_id
            assert GuardianRelation.objects.filter(
                guardian=consent.given_by, child=child, has_custody=True
            ).exists()
        assert consent.valid_from <= consent.valid_until
        assert consent.recorded_at <= timezone.now()
        if consent.withdrawn_at is not None:
            assert consent.withdrawn_by_id and consent.withdrawal_reason
            assert consent.valid_from <= consent.withdrawn_at.date() <= consent.valid_until
            assert consent.withdrawn_at <= timezone.now()
        else:
            assert consent.withdrawn_by_id is None
    # a partner's referral needs the custodian's consent to share with the unit (receive_referral)
    for referral in Referral.objects.filter(door=Referral.Door.PARTNER):
        assert consents.filter(household=referral.household, recipient_units=referral.unit).exists()


def test_extension_requests_are_asked_on_open_courses_and_decided_by_the_leader():
    generate_wider()
    requests = ExtensionRequest.objects.select_related("course__offer", "decided_by", "requested_by")
    assert requests.filter(status=ExtensionRequest.Status.APPROVED).exists()
    assert requests.count() <= Course.objects.count() * 0.2
    for request in requests:
        course = request.course
        assert 1 <= request.extra <= 12 and request.reason.strip()
        assert request.requested_by in course.workers.all()
        assert course.start_meeting_on <= request.requested_at.date() <= today()
        if not course.is_open:
            assert request.requested_at.date() <= course.closed_on
        if request.status == ExtensionRequest.Status.PENDING:
            assert course.is_open and request.decided_at is None
        else:
            leader = request.decided_by
            assert leader.is_leader and leader.unit_id == course.offer.unit_id
            assert request.requested_at <= request.decided_at <= timezone.now()
    for course in Course.objects.filter(extension_requests__status="approved").distinct():
        approved = course.extension_requests.filter(status="approved")
        assert course.extra_contacts == sum(r.extra for r in approved if r.kind == "contacts")
        assert course.extra_network_meetings == sum(r.extra for r in approved if r.kind == "network_meetings")
    assert not Course.objects.filter(extension_requests__isnull=True, extra_contacts__gt=0).exists()


def test_the_access_log_holds_the_history_with_its_subjects_as_the_services_write_it():
    generate_wider()
    events = dict(AccessLog.objects.values_list("event").annotate(n=Count("id")))
    assert events["contact.recorded"] == Contact.objects.count()
    assert events["courses.course.view"] >= Contact.objects.count()
    assert events["response.recorded"] == Response.objects.filter(course__isnull=False).count()
    assert events["placement.recorded"] == WellbeingPlacement.objects.count()
    assert events["course.opened"] == Course.objects.count()
    assert events["course.closed"] == Course.objects.filter(status="closed").count()
    assert events["referral.received"] == Referral.objects.count()
    assert events["consent.given"] == Consent.objects.count()
    assert events["course.extension_requested"] == ExtensionRequest.objects.count()
    assert events["group.session_recorded"] == Session.objects.count()
    assert events["group.fit_recorded"] == Response.objects.filter(group__isnull=False).count()
    assert AccessLogSubject.objects.count() > AccessLog.objects.count()
    people = set(Child.objects.values_list("uuid", flat=True)) | set(
        Guardian.objects.values_list("uuid", flat=True)
    )
    assert set(AccessLogSubject.objects.values_list("person_id", flat=True)) <= people
    # every read or change of a person's data names the person: only group creation and the course's
    # extension requests and the worker's assignment touch none
    without = AccessLog.objects.exclude(subjects__isnull=False).values_list("event", flat=True)
    assert set(without) <= {
        "group.created",
        "course.extension_requested",
        "course.extension_approved",
        "course.extension_rejected",
        "household.assigned",
        "household.unassigned",
    }
    users = {u.pk: u for u in User.objects.select_related("unit")}
    for log in AccessLog.objects.all()[:500]:
        assert log.at <= timezone.now() and log.ip is None
        if log.actor_id:
            actor = users[log.actor_id]
            assert (log.actor_username, log.actor_role, log.actor_unit) == (
                actor.username,
                actor.role,
                actor.unit.name,
            )
    # a person's access request (GDPR Art. 15) finds the reads of their course
    course = Course.objects.filter(contacts__isnull=False).first()
    child = course.household.children.first()
    theirs = log_for_person(child.uuid).filter(object_id=str(course.uuid))
    assert theirs.filter(event="courses.course.view").count() == course.contacts.count() + (
        not course.is_open
    )
    # the rows went in as inserts; the append-only guard still refuses to change them
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslog SET event = 'x' WHERE id = %s", [theirs.first().pk])


def test_the_group_kpis_and_load_against_capacity_have_data():
    generate_wider()
    unit = Course.objects.first().offer.unit
    start, end = today() - dt.timedelta(days=365 * generator.YEARS), today()
    participants = kpis.kpi_group_participants(unit=unit, start=start, end=end)
    assert participants.value == Enrollment.objects.exclude(status="waiting").count() > 0
    attendance = kpis.kpi_group_attendance_share(unit=unit, start=start, end=end)
    assert attendance.denominator == Attendance.objects.count() > 0
    assert 50 <= attendance.raw_value < 100
    # the load on a day a group met counts the group for each leader, as two families
    session = Session.objects.select_related("group").order_by("-date").first()
    day = session.date
    load = kpis.kpi_load_against_capacity(unit=unit, start=day - dt.timedelta(days=30), end=day)
    workers = User.objects.filter(unit=unit, role=User.Role.WORKER, capacity__gt=0)
    courses = sum(
        c.workers.filter(pk__in=workers).count()
        for c in Course.objects.filter(start_meeting_on__lte=day).exclude(closed_on__lte=day)
    )
    groups = sum(
        g.leaders.filter(pk__in=workers).count()
        for g in Group.objects.filter(starts_on__lte=day, ends_on__gte=day)
    )
    assert groups > 0
    capacity = sum(w.capacity for w in workers)
    expected = Decimal(100) * (courses + kpis.GROUP_LOAD_WEIGHT * groups) / capacity
    assert load.raw_value == round1(expected)


# Version 3: FIT as the families answer it: parents, children, young people and groups -----------------


def test_every_present_respondent_answers_fit_within_the_instruments_roles_and_ages():
    generate_wider()
    responses = Response.objects.select_related("instrument", "contact", "child", "guardian", "course")
    roles = set(responses.values_list("instrument__code", "role").distinct())
    assert {
        ("tidlig-trivsel", "parent"),
        ("tidlig-samarbejde", "parent"),
        ("tidlig-trivsel-barn", "child"),
        ("tidlig-samarbejde-barn", "child"),
        ("tidlig-trivsel", "young"),
        ("tidlig-samarbejde", "young"),
        ("tidlig-samarbejde-gruppe", "child"),
        ("tidlig-samarbejde-gruppe", "parent"),
    } <= roles
    for response in responses.filter(course__isnull=False):
        instrument, child = response.instrument, response.child
        assert response.role in instrument.respondent_roles, response
        assert response.group_id is None and response.group_session_id is None
        if instrument.kind == "metafeedback":
            assert response.contact_id is None
            continue
        contact = response.contact
        # the contact belongs to the course, and the answer was typed in after the contact was recorded
        assert contact.course_id == response.course_id
        assert contact.recorded_at < response.answered_at <= timezone.now()
        assert contact.kind != Contact.Kind.PHONE
        if response.role in ("child", "young"):
            assert child is not None and response.guardian_id is None
            assert child.household_id == response.course.household_id
            age = child.age_on(contact.date)
            assert instrument.age_min <= age <= (instrument.age_max or 200), (response, age)
            assert response.role == role_for_child(child, contact.date)
        else:
            assert child is None and response.guardian.household_id == response.course.household_id
        values = [s.value for s in response.scores.all()]
        assert len(values) == 4 and sum(values) == response.total
        if instrument.step == 1:
            assert all(v == int(v) for v in values)
    # one answer per respondent, instrument and contact
    per_contact = (
        Response.objects.filter(contact__isnull=False)
        .values("contact", "instrument", "child", "guardian")
        .annotate(n=Count("id"))
    )
    assert max(row["n"] for row in per_contact) == 1


def test_group_fit_is_answered_at_sessions_by_present_participants_of_eight_and_over():
    call_command("generate_data", "--size", "small", "--scale", "0.1", stdout=StringIO())
    responses = Response.objects.filter(group__isnull=False).select_related(
        "instrument", "group_session", "child", "guardian"
    )
    assert responses.exists()
    for response in responses:
        session = response.group_session
        assert response.instrument.kind == "group_alliance" and response.course_id is None
        assert session.group_id == response.group_id
        assert response.answered_at.date() == session.date
        enrollment = Enrollment.objects.get(
            group=response.group, child=response.child, guardian=response.guardian
        )
        assert Attendance.objects.get(session=session, enrollment=enrollment).present
        if response.child is not None:
            age = response.child.age_on(session.date)
            assert age >= response.instrument.age_min
            assert response.role == role_for_child(response.child, session.date)
        else:
            assert response.role == "parent"
    # most present participants of the scale's ages answer in most sessions
    present = Attendance.objects.filter(present=True).count()
    assert responses.count() >= 0.5 * present


def test_closed_courses_have_a_fit_result_per_respondent_and_kind_children_included():
    generate_wider()
    closed = Response.objects.filter(
        course__status="closed", instrument__kind__in=["outcome", "alliance"], total__isnull=False
    )
    series = set(closed.values_list("course", "instrument__kind", "role", "child", "guardian"))
    assert FitResult.objects.count() == len(series)
    # the children's versions carry their own reliable change (6), so their rows are told apart
    child_rc = Response.objects.filter(role="child", instrument__kind="outcome").values_list(
        "instrument__reliable_change", flat=True
    )[0]
    assert FitResult.objects.filter(kind="outcome", reliable_change=child_rc).exists()


def test_fit_flags_some_but_not_most_open_courses():
    from tidlig.courses import fit

    call_command("generate_data", "--size", "small", "--scale", "0.1", stdout=StringIO())
    courses = Course.objects.filter(status="open").prefetch_related(
        "contacts", "responses__instrument", "responses__child", "responses__guardian"
    )
    flagged = [bool(fit.flags(c)) for c in courses]
    assert len(flagged) >= 10
    assert 0.1 <= sum(flagged) / len(flagged) <= 0.5
