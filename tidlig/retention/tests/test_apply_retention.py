"""The retention job with time travel: untouched before its time, identity gone for real after it, the
statistics' rows kept, the rules for what never became a course, and a second run that changes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tidlig.audit.models import AccessLog, Purpose
from tidlig.consent.models import Consent
from tidlig.courses.models import Contact, Course, Goal
from tidlig.courses.queries import courses_visible_to
from tidlig.groups.models import Attendance, Enrollment, Session
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response, WellbeingPlacement
from tidlig.people.models import Child, Guardian, GuardianRelation, Household, HouseholdAssignment
from tidlig.people.queries import find_child_by_cpr, households_visible_to
from tidlig.referrals import services as referral_services
from tidlig.referrals.models import PublicSubmission, Referral
from tidlig.referrals.queries import referrals_visible_to
from tidlig.referrals.tests.factories import make_referral
from tidlig.retention.services import apply_retention
from tidlig.retention.tests.factories import CPR, IDENTIFYING, closed_family, every_row

pytestmark = pytest.mark.django_db

STATISTICS = (
    Course,
    Contact,
    Goal,
    WellbeingPlacement,
    Response,
    ItemScore,
    Enrollment,
    Attendance,
    Referral,
)


def _at(day: dt.date):
    """Noon on the day, in the municipality's time zone, as time_machine wants it."""
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0))), tick=False)


def _run() -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STATISTICS}


@pytest.fixture
def family(prevention, lone, mette):
    with _at(dt.date(2026, 3, 31)):
        return closed_family(prevention, lone, mette)


def test_it_leaves_a_family_whose_course_closed_11_months_ago(family):
    for day in (dt.date(2027, 2, 28), dt.date(2027, 3, 31)):  # 11 months, and exactly 12
        with _at(day):
            _run()
    family.child.refresh_from_db()
    assert (family.child.first_name, family.child.cpr) == ("Frederik", CPR)
    assert Household.objects.get(pk=family.household.pk).anonymised_on is None
    assert Consent.objects.count() == 1
    assert any("Vestergaard" in row for row in every_row())


def test_it_anonymises_the_family_12_months_and_a_day_after_the_course_closed(family, lone, mette):
    before = _counts()
    with _at(dt.date(2027, 4, 1)):
        out = _run()

    assert "households=1 children=1 guardians=1 consents_deleted=1" in out
    rows = "\n".join(every_row())
    for text in [*IDENTIFYING, family.cpr_digest, family.cpr_encrypted, CPR, "sara@example", "Skovvej"]:
        assert text not in rows, text
    assert find_child_by_cpr(CPR) is None
    child, guardian = Child.objects.get(), Guardian.objects.get()
    assert (child.first_name, child.last_name, child.cpr_encrypted, child.cpr_digest) == ("", "", "", "")
    assert (child.birth_date, child.birth_date_is_estimate, child.institution_group) == (
        dt.date(2016, 1, 1),
        True,
        None,
    )
    assert (guardian.first_name, guardian.last_name, guardian.phone, guardian.email, guardian.address) == (
        ("",) * 5
    )
    household = Household.objects.get()
    assert (household.name, household.anonymised_on) == ("", dt.date(2027, 4, 1))
    # what statistics need stays, attached to the anonymous remains
    assert _counts() == before
    course = Course.objects.get()
    assert (course.status, course.closed_on, course.close_reason) == (
        "closed",
        dt.date(2026, 3, 31),
        "goals_reached",
    )
    assert sorted(WellbeingPlacement.objects.values_list("moment", "value")) == [("end", 7), ("start", 5)]
    assert sorted(Response.objects.filter(total__isnull=False).values_list("total", flat=True)) == [9, 20, 28]
    assert list(Contact.objects.values_list("kind", "place", "duration_minutes")) == [
        ("video", "home", 60),
        ("network_meeting", "school", 90),
    ]
    # what identifies is gone, not hidden
    assert not Consent.objects.exists()
    assert not GuardianRelation.objects.exists()
    assert not HouseholdAssignment.objects.exists()
    assert set(Goal.objects.values_list("text", flat=True)) == {""}
    assert set(Session.objects.values_list("note", flat=True)) == {""}
    assert not Referral.objects.get().concern
    assert Referral.objects.get().referred_by is None
    # and nobody sees the remains as a family
    for user in (lone, mette):
        assert not households_visible_to(user).exists()
        assert not courses_visible_to(user).exists()
        assert not referrals_visible_to(user).exists()
    log = AccessLog.objects.get(event="retention.applied")
    assert (log.actor, log.action, log.purpose, log.object_id) == (None, "delete", Purpose.RETENTION, "")
    assert log.detail["households"] == 1
    assert not log.subjects.exists()


def test_it_changes_nothing_on_a_second_run(family):
    with _at(dt.date(2027, 4, 1)):
        apply_retention()
        first = [row for row in every_row() if not row.startswith("audit_")]
        second = apply_retention()
    assert [row for row in every_row() if not row.startswith("audit_")] == first
    assert second.households == second.children == second.session_notes_cleared == 0
    assert AccessLog.objects.filter(event="retention.applied").count() == 2


def test_it_keeps_a_family_with_a_new_referral(family, prevention, lone):
    with _at(dt.date(2027, 3, 1)):
        Referral.objects.create(
            household=family.household,
            unit=prevention,
            door="staff",
            source="self",
            channel="phone",
            concern="Igen bekymret",
            contact_deadline=today(),
        )
    with _at(dt.date(2028, 1, 1)):
        assert apply_retention().households == 0
    assert Child.objects.get().first_name == "Frederik"


def test_it_keeps_a_family_while_a_consent_runs(family):
    Consent.objects.update(valid_until=dt.date(2030, 1, 1))
    with _at(dt.date(2027, 6, 1)):
        assert apply_retention().households == 0
    Consent.objects.update(withdrawn_at=timezone.now())
    with _at(dt.date(2027, 6, 1)):
        assert apply_retention().households == 1


def test_it_anonymises_a_declined_referral_after_the_referral_period(prevention, lone):
    with _at(dt.date(2026, 3, 31)):
        referral = make_referral(prevention, surname="Kragh")
        referral_services.screen_referral(
            referral,
            actor=lone,
            wellbeing_score=8,
            motivation="low",
            has_authority_case=False,
            is_bounded=True,
            competences=[],
            note="Kragh-familien klarer sig",
        )
        referral_services.triage_referral(
            referral, actor=lone, decision="decline", reason="Ikke i målgruppen"
        )
    with _at(dt.date(2026, 9, 30)):  # 6 months
        assert apply_retention().households == 0
    with _at(dt.date(2026, 10, 1)):  # 6 months and a day
        assert apply_retention().households == 1
    referral = Referral.objects.get()
    assert (referral.status, referral.decision, referral.wellbeing_score) == ("declined", "decline", 8)
    assert (referral.concern, referral.screening_note, referral.decision_reason) == ("", "", "")
    assert not any("Kragh" in row for row in every_row())


def test_it_keeps_an_unanswered_referral_however_old(prevention):
    with _at(dt.date(2025, 1, 1)):
        make_referral(prevention, surname="Kragh")
    with _at(dt.date(2027, 1, 1)):
        assert apply_retention().households == 0


def test_it_anonymises_a_family_registered_with_nothing_else_after_the_referral_period(mette_family):
    Household.objects.update(created_at=timezone.now() - dt.timedelta(days=200))
    HouseholdAssignment.objects.update(ended_at=timezone.now() - dt.timedelta(days=199))
    assert apply_retention().households == 1
    assert Child.objects.get().first_name == ""


def test_retention_never_takes_a_family_that_someone_still_holds(mette_family, mette):
    """The trial's case: no course, no referral, registered long ago, but still Mette's family."""
    Household.objects.update(created_at=timezone.now() - dt.timedelta(days=700))
    assert apply_retention().households == 0
    assert list(households_visible_to(mette)) == [mette_family]
    HouseholdAssignment.objects.update(ended_at=timezone.now() - dt.timedelta(days=1))
    assert apply_retention().households == 1
    assert not households_visible_to(mette).exists()


def test_retention_never_takes_a_family_on_a_group_that_has_not_ended(mette_family, prevention, mette):
    from tidlig.groups import services as group_services
    from tidlig.groups.tests.factories import make_group

    Household.objects.update(created_at=timezone.now() - dt.timedelta(days=700))
    HouseholdAssignment.objects.update(ended_at=timezone.now() - dt.timedelta(days=600))
    group = make_group(prevention, mette)
    group_services.enroll(group, actor=mette, child=mette_family.children.get())
    assert apply_retention().households == 0


def test_closing_the_course_lets_the_worker_go_so_the_period_can_begin(family, mette):
    assert not HouseholdAssignment.objects.filter(household=family.household, ended_at__isnull=True).exists()
    assert HouseholdAssignment.objects.filter(household=family.household, worker=mette).exists()


def test_it_prunes_the_public_forms_throttle_rows_older_than_a_day(db):
    PublicSubmission.objects.create(address_digest="a" * 64, at=timezone.now() - dt.timedelta(hours=25))
    PublicSubmission.objects.create(address_digest="b" * 64, at=timezone.now() - dt.timedelta(hours=1))
    assert apply_retention().throttle_rows_deleted == 1
    assert list(PublicSubmission.objects.values_list("address_digest", flat=True)) == ["b" * 64]


def test_it_reads_its_periods_from_the_settings(family, settings):
    settings.RETENTION_COURSE_MONTHS = 2
    settings.RETENTION_REFERRAL_MONTHS = 1
    with _at(dt.date(2026, 5, 31)):
        assert apply_retention().households == 0
    with _at(dt.date(2026, 6, 1)):
        assert apply_retention().households == 1
