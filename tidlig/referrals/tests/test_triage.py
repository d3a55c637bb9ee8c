"""Screening and the weekly triage board: exclusion rules, suggestions, one decision per referral."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from tidlig.accounts.models import Competence
from tidlig.audit.models import AccessLog
from tidlig.lib.dates import today
from tidlig.referrals import queries, services
from tidlig.referrals.models import Referral
from tidlig.referrals.tests.factories import make_referral

pytestmark = pytest.mark.django_db


def _screen(referral, actor, **overrides):
    data = dict(
        wellbeing_score=5,
        motivation="high",
        has_authority_case=False,
        is_bounded=True,
        competences=[],
        note="",
    )
    data.update(overrides)
    return services.screen_referral(referral, actor=actor, **data)


def test_it_screens_a_referral_from_its_page(client, kim, prevention):
    referral = make_referral(prevention)
    angst = Competence.objects.create(name="Angst")
    login(client, kim)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200
    assert "Screen henvendelsen" in page.content.decode()
    response = client.post(
        reverse("referrals:screen", args=[referral.uuid]),
        {
            "wellbeing_score": "4",
            "motivation": "high",
            "has_authority_case": "no",
            "is_bounded": "yes",
            "competences": [angst.pk],
            "note": "Mor ringer selv",
            "version": "1",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.wellbeing_score, referral.screened_by) == ("screened", 4, kim)
    assert referral.wellbeing_scale.version == 1
    assert list(referral.competences_needed.all()) == [angst]
    assert AccessLog.objects.filter(event="referral.screened", actor=kim).count() == 1


def test_it_refuses_a_score_outside_the_scale(client, kim, prevention):
    referral = make_referral(prevention)
    login(client, kim)
    response = client.post(
        reverse("referrals:screen", args=[referral.uuid]),
        {
            "wellbeing_score": "11",
            "motivation": "high",
            "has_authority_case": "no",
            "is_bounded": "yes",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "new"


def test_it_lists_open_referrals_oldest_first_with_days_waiting(lone, kim, prevention):
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)):
        old = make_referral(prevention, surname="Gammel")
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)):
        new = make_referral(prevention, surname="Ny")
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)):
        rows, _, _ = queries.triage_board_for(lone)
    assert [(r.referral, r.days_waiting) for r in rows] == [(old, 7), (new, 3)]


def test_it_suggests_workers_by_competence_then_free_capacity(lone, mette, sofie, prevention, mette_family):
    angst = mette.competences.get()
    sofie.competences.add(Competence.objects.create(name="Skilsmisse"))
    referral = _screen(make_referral(prevention), lone, competences=[angst])
    suggestions = queries.suggest_workers(referral, queries.unit_workers(prevention.pk))
    assert [(s.worker, s.matched, s.load, s.capacity) for s in suggestions] == [
        (mette, ["Angst"], 1, 10),
        (sofie, [], 0, 8),
    ]
    mette.capacity = 1
    mette.save()
    suggestions = queries.suggest_workers(referral, queries.unit_workers(prevention.pk))
    assert suggestions[0].worker == mette, "the wanted competence comes before free capacity"
    assert suggestions[0].over_capacity


def test_it_counts_only_current_families_and_running_groups_as_load(prevention, mette, mette_family):
    from django.utils import timezone

    from tidlig.groups.tests.factories import make_group
    from tidlig.people.models import Household, HouseholdAssignment

    for name in ("Familien Før", "Familien Tidligere"):
        old = Household.objects.create(name=name, unit=prevention)
        HouseholdAssignment.objects.create(household=old, worker=mette, ended_at=timezone.now())
    second = Household.objects.create(name="Familien Nu", unit=prevention)
    HouseholdAssignment.objects.create(household=second, worker=mette)
    running = make_group(prevention, mette, name="Kører")
    ended = make_group(prevention, mette, name="Sluttet")
    ended.ends_on = today() - dt.timedelta(days=1)
    ended.save(update_fields=["ends_on"])
    assert running.pk
    (worker,) = [w for w in queries.unit_workers(prevention.pk) if w == mette]
    assert (worker.load, worker.groups_led) == (2, 1)


def test_it_accepts_and_assigns_in_one_step(client, lone, mette, prevention):
    referral = _screen(make_referral(prevention), lone)
    login(client, lone)
    board = client.get(reverse("referrals:board"))
    assert referral.household.name in board.content.decode()
    prefix = str(referral.uuid)
    response = client.post(
        reverse("referrals:decide", args=[referral.uuid]),
        {
            f"{prefix}-decision": "accept",
            f"{prefix}-worker": mette.pk,
            f"{prefix}-reason": "Angst, afgrænset",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Tildelt" in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.assigned_worker, referral.decided_by) == ("accepted", mette, lone)
    assert referral.household.assignments.get().worker == mette
    assert AccessLog.objects.filter(event="referral.accept").count() == 1
    assert AccessLog.objects.filter(event="household.assigned").count() == 1


def test_it_refuses_to_accept_a_child_with_an_open_authority_case(lone, mette, prevention):
    referral = _screen(make_referral(prevention), lone, has_authority_case=True)
    with pytest.raises(ValidationError, match="åben sag hos myndigheden"):
        services.triage_referral(referral, actor=lone, decision="accept", reason="x", worker=mette)
    services.triage_referral(
        referral, actor=lone, decision="forward", reason="Åben sag", forwarded_to="authority"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.forwarded_to) == ("forwarded", "authority")


def test_it_refuses_to_accept_an_unbounded_problem_or_an_unscreened_referral(lone, mette, prevention):
    unscreened = make_referral(prevention)
    with pytest.raises(ValidationError, match="screenes"):
        services.triage_referral(unscreened, actor=lone, decision="accept", reason="x", worker=mette)
    unbounded = _screen(make_referral(prevention, surname="Bo"), lone, is_bounded=False)
    with pytest.raises(ValidationError, match="ikke afgrænset"):
        services.triage_referral(unbounded, actor=lone, decision="accept", reason="x", worker=mette)
    assert Referral.objects.filter(status="accepted").count() == 0


def test_it_tells_the_second_leader_who_decided_first(client, lone, mette, sofie, prevention):
    referral = _screen(make_referral(prevention), lone)
    services.triage_referral(referral, actor=lone, decision="accept", reason="Ok", worker=mette)
    login(client, lone)
    prefix = str(referral.uuid)
    response = client.post(
        reverse("referrals:decide", args=[referral.uuid]),
        {f"{prefix}-decision": "accept", f"{prefix}-worker": sofie.pk, f"{prefix}-reason": "Også"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "allerede behandlet" in page
    assert "Mette" in page
    referral.refresh_from_db()
    assert referral.assigned_worker == mette
    assert referral.household.assignments.count() == 1


def test_it_needs_a_reason_and_a_worker(client, lone, prevention):
    referral = _screen(make_referral(prevention), lone)
    login(client, lone)
    prefix = str(referral.uuid)
    response = client.post(
        reverse("referrals:decide", args=[referral.uuid]),
        {f"{prefix}-decision": "accept", f"{prefix}-reason": "Ok"},
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Vælg den medarbejder" in m for m in messages)
    referral.refresh_from_db()
    assert referral.status == "screened"


def test_it_keeps_the_board_to_the_leader(client, mette, kim, pia, prevention):
    referral = make_referral(prevention)
    for user in (mette, kim, pia):
        login(client, user)
        assert client.get(reverse("referrals:board")).status_code == 403
        assert client.post(reverse("referrals:decide", args=[referral.uuid]), {}).status_code == 403


def test_it_hides_another_units_referral(client, jonas, lone, ppr, prevention):
    referral = make_referral(prevention)
    login(client, jonas)
    assert client.get(referral.get_absolute_url()).status_code == 404


def test_it_shows_the_board_a_page_at_a_time_and_logs_only_that_page(client, lone, prevention):
    made = [make_referral(prevention, surname=f"Side{i:02d}") for i in range(queries.BOARD_PAGE_SIZE + 2)]
    login(client, lone)
    first = client.get(reverse("referrals:board"))
    assert first.status_code == 200
    assert len(first.context["items"]) == queries.BOARD_PAGE_SIZE
    assert first.context["page"].paginator.count == len(made)
    assert "?side=2" in first.content.decode()
    second = client.get(reverse("referrals:board") + "?side=2")
    assert [row.referral for row, _ in second.context["items"]] == made[-2:]
    logs = AccessLog.objects.filter(event="referrals.triage_board.viewed").order_by("id")
    assert [log.subjects.count() for log in logs] == [queries.BOARD_PAGE_SIZE, 2]


def test_it_lists_referrals_a_page_at_a_time_newest_first_and_logs_only_that_page(client, lone, prevention):
    made = [make_referral(prevention, surname=f"Liste{i:02d}") for i in range(queries.LIST_PAGE_SIZE + 3)]
    # three arrive at the same instant: the newest created comes first, on every load
    same = made[0].received_at
    Referral.objects.filter(pk__in=[r.pk for r in made[:3]]).update(received_at=same)
    login(client, lone)
    first = client.get(reverse("referrals:list"))
    assert first.status_code == 200
    html = first.content.decode()
    assert f"{len(made)} henvendelser til {prevention}, nyeste først." in html
    assert "Side 1 af 2" in html and "?side=2" in html
    shown = [referral for referral, _state, _days in first.context["rows"]]
    assert len(shown) == queries.LIST_PAGE_SIZE
    second = client.get(reverse("referrals:list") + "?side=2")
    rest = [referral for referral, _state, _days in second.context["rows"]]
    assert shown + rest == sorted(made, key=lambda r: (Referral.objects.get(pk=r.pk).received_at, r.pk))[::-1]
    assert rest[-3:] == [made[2], made[1], made[0]]
    logs = AccessLog.objects.filter(event="referrals.referral.list").order_by("id")
    assert [log.subjects.count() for log in logs] == [queries.LIST_PAGE_SIZE, 3]
