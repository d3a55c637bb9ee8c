"""The benchmark's data generator, scaled down: synthetic, deterministic, through the models' rules."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bench import generator
from bench.models import GeneratedData
from tidlig.courses.models import Contact, Course, CourseResult, FitResult, WellbeingResult
from tidlig.lib.cpr import birth_date_from_cpr, passes_modulus_11
from tidlig.lib.crypto import lookup_digest
from tidlig.lib.dates import today
from tidlig.measurements.models import ItemScore, Response
from tidlig.people.models import Child, Household, HouseholdAssignment
from tidlig.referrals.models import Referral

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
