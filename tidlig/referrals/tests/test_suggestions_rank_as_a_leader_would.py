"""The triage suggestions rank as a leader would: every wanted competence first (how many of them a worker
has, most first), then load against capacity. Unscreened referrals get suggestions from their own words."""

import pytest
from django.urls import reverse

from conftest import login, make_user
from tidlig.accounts.models import Competence, User
from tidlig.people.models import Household, HouseholdAssignment
from tidlig.referrals import queries, services
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db

ANGST, SKOLE, SKILSMISSE = "Angst", "Mistrivsel i skolen", "Skilsmisse"


def _worker(unit, name: str, *, competences: list[str], capacity: int | None, families: int) -> User:
    worker = make_user(name.lower(), User.Role.WORKER, unit=unit, capacity=capacity)
    worker.competences.add(*(Competence.objects.get_or_create(name=c)[0] for c in competences))
    for n in range(families):
        household = Household.objects.create(name=f"Familien {name} {n}", unit=unit)
        HouseholdAssignment.objects.create(household=household, worker=worker)
    return worker


def _screened(unit, actor, *competences: str):
    return services.screen_referral(
        make_referral(unit),
        actor=actor,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[Competence.objects.get(name=c) for c in competences],
        note="",
    )


def _ranked(referral, unit, limit=10):
    suggestions = queries.suggest_workers(referral, queries.unit_workers(unit.pk), limit=limit)
    return [(s.worker.first_name, s.matched) for s in suggestions]


def test_the_worker_with_both_wanted_competences_comes_first_even_when_full(prevention, lone):
    """The trial's case: Angst and Mistrivsel i skolen wanted; one worker has both but is full (six
    families and two groups, 10 of 10); three free workers have one each."""
    from tidlig.groups.tests.factories import make_group

    both = _worker(prevention, "Mette", competences=[ANGST, SKOLE, SKILSMISSE], capacity=10, families=6)
    make_group(prevention, both, name="Hold 1")
    make_group(prevention, both, name="Hold 2")
    _worker(prevention, "Bo", competences=[ANGST], capacity=10, families=1)
    _worker(prevention, "Cecilie", competences=[SKOLE], capacity=8, families=0)
    _worker(prevention, "Dan", competences=[ANGST], capacity=10, families=3)
    referral = _screened(prevention, lone, ANGST, SKOLE)

    (first, *rest) = queries.suggest_workers(referral, queries.unit_workers(prevention.pk))
    assert (first.worker, first.matched, first.weighted_load, first.over_capacity) == (
        both,
        [ANGST, SKOLE],
        10,
        True,
    )
    # then one competence each, the least loaded against capacity first: 0/8, 1/10 (3/10 is fourth)
    assert [(s.worker.first_name, s.matched) for s in rest] == [("Cecilie", [SKOLE]), ("Bo", [ANGST])]


def test_it_ranks_a_hand_worked_unit_by_competences_then_load_against_capacity(prevention, lone):
    """Worked by hand (wanted: Angst, Mistrivsel i skolen; share = (families + 2 x groups) / capacity):

    | worker  | has                      | matched | load/capacity | rank |
    |---------|--------------------------|---------|---------------|------|
    | Dorte   | Angst, Mistrivsel        | 2       | 4/8 = 0.50    | 1 (2 matched, share 0.50, load 4) |
    | Frida   | all three                | 2       | 6/12 = 0.50   | 2 (same share, load 6 > 4) |
    | Anna    | Angst, Mistrivsel        | 2       | 10/10 full    | 3 (full: after the free ones with 2) |
    | Cecilie | Mistrivsel               | 1       | 1/6 = 0.17    | 4 |
    | Bo      | Angst                    | 1       | 2/10 = 0.20   | 5 |
    | Gustav  | Angst                    | 1       | 0/-           | 6 (no capacity: after those with one) |
    | Erik    | Skilsmisse               | 0       | 0/10 = 0      | 7 (none of the wanted, however free) |
    """
    _worker(prevention, "Anna", competences=[ANGST, SKOLE], capacity=10, families=10)
    _worker(prevention, "Bo", competences=[ANGST], capacity=10, families=2)
    _worker(prevention, "Cecilie", competences=[SKOLE], capacity=6, families=1)
    _worker(prevention, "Dorte", competences=[ANGST, SKOLE], capacity=8, families=4)
    _worker(prevention, "Erik", competences=[SKILSMISSE], capacity=10, families=0)
    _worker(prevention, "Frida", competences=[ANGST, SKOLE, SKILSMISSE], capacity=12, families=6)
    _worker(prevention, "Gustav", competences=[ANGST], capacity=None, families=0)
    referral = _screened(prevention, lone, ANGST, SKOLE)

    assert _ranked(referral, prevention) == [
        ("Dorte", [ANGST, SKOLE]),
        ("Frida", [ANGST, SKOLE]),
        ("Anna", [ANGST, SKOLE]),
        ("Cecilie", [SKOLE]),
        ("Bo", [ANGST]),
        ("Gustav", [ANGST]),
        ("Erik", []),
    ]
    assert _ranked(referral, prevention, limit=3) == _ranked(referral, prevention)[:3]


def test_an_unscreened_referral_is_suggested_from_its_own_words(client, prevention, lone):
    _worker(prevention, "Bo", competences=[ANGST], capacity=10, families=0)
    _worker(prevention, "Dorte", competences=[ANGST, SKILSMISSE], capacity=10, families=5)
    _worker(prevention, "Erik", competences=[SKOLE], capacity=10, families=0)
    referral = make_referral(
        prevention, concern="Efter skilsmissen har Emil fået angsten tilbage og vil ikke sove alene."
    )
    assert referral.screened_at is None
    assert _ranked(referral, prevention) == [
        ("Dorte", [ANGST, SKILSMISSE]),
        ("Bo", [ANGST]),
        ("Erik", []),
    ]
    login(client, lone)
    page = " ".join(client.get(reverse("referrals:board")).content.decode().split())
    assert "Henvendelsen nævner: Angst, Skilsmisse." in page


def test_an_unscreened_referral_naming_nothing_is_suggested_by_load(prevention):
    _worker(prevention, "Bo", competences=[ANGST], capacity=10, families=4)
    _worker(prevention, "Erik", competences=[SKOLE], capacity=10, families=1)
    referral = make_referral(prevention, concern="Vi har brug for en snak.")
    assert _ranked(referral, prevention) == [("Erik", []), ("Bo", [])]


def test_the_screening_decides_once_it_is_made(prevention, lone):
    _worker(prevention, "Bo", competences=[ANGST], capacity=10, families=0)
    _worker(prevention, "Erik", competences=[SKOLE], capacity=10, families=3)
    referral = make_referral(prevention, concern="Hun har angst.")
    assert _ranked(referral, prevention)[0] == ("Bo", [ANGST])
    referral = services.screen_referral(
        referral,
        actor=lone,
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[Competence.objects.get(name=SKOLE)],
        note="",
    )
    assert _ranked(referral, prevention)[0] == ("Erik", [SKOLE])
