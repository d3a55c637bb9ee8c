"""Administration audited: every change of a user's access rights, password or activation, and of units,
institutions and competences, leaves a log row saying who, whose, what and why; a refused change of access
rights leaves one too, and stores nothing."""

import pytest
from django.urls import reverse

from conftest import PASSWORD, login
from tidlig.accounts import services_admin
from tidlig.accounts.models import Competence, Institution, Unit, User
from tidlig.audit.models import AccessLog

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lang-og-sikker-adgangskode-77"


def _rows(event):
    return AccessLog.objects.filter(event=event).order_by("id")


def _edit_post(user: User, **changes) -> dict:
    data = {
        "version": user.version,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "title": user.title,
        "role": user.role,
        "unit": user.unit_id or "",
        "institution": user.institution_id or "",
        "competences": list(user.competences.values_list("pk", flat=True)),
        "capacity": "" if user.capacity is None else user.capacity,
        "reason": "",
    }
    data.update(changes)
    return data


def test_every_administration_page_opens_for_the_administrator(client, admin_user, mette, school):
    login(client, admin_user)
    competence = Competence.objects.get()
    urls = [
        reverse("accounts:admin_home"),
        reverse("accounts:users"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[mette.uuid]),
        reverse("accounts:user_password", args=[mette.uuid]),
        reverse("accounts:units"),
        reverse("accounts:unit_create"),
        reverse("accounts:unit_edit", args=[mette.unit.uuid]),
        reverse("accounts:institutions"),
        reverse("accounts:institution_create"),
        reverse("accounts:institution_edit", args=[school.uuid]),
        reverse("accounts:competences"),
        reverse("accounts:competence_edit", args=[competence.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_leaders_role_given_is_logged_with_who_whose_what_and_why(client, admin_user, mette):
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[mette.uuid])
    response = client.post(url, _edit_post(mette, role="leader", reason="Konstitueret leder fra 1. marts"))
    assert response.status_code == 302
    mette.refresh_from_db()
    assert mette.role == User.Role.LEADER
    row = _rows("accounts.user.access_changed").get()
    assert row.actor == admin_user
    assert row.object_id == str(mette.uuid)
    assert row.detail["changes"]["role"] == ["worker", "leader"]
    assert row.detail["reason"] == "Konstitueret leder fra 1. marts"


def test_an_access_change_without_a_reason_is_refused_logged_and_stores_nothing(
    client, admin_user, mette, ppr
):
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[mette.uuid])
    response = client.post(url, _edit_post(mette, unit=ppr.pk))
    assert response.status_code == 400
    assert "Skriv, hvorfor adgangen ændres" in response.content.decode()
    mette.refresh_from_db()
    assert mette.unit.name == "Tidlig Forebyggelse"
    refused = AccessLog.objects.get(action=AccessLog.Action.DENIED, event="accounts.user.change.refused")
    assert refused.object_id == str(mette.uuid)
    assert refused.detail["attempted"] == {"unit": "PPR"}


def test_an_administrator_cannot_change_her_own_role(client, admin_user, prevention):
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[admin_user.uuid])
    post = _edit_post(admin_user, role="leader", unit=prevention.pk, reason="Jeg vil se familierne")
    response = client.post(url, post)
    assert response.status_code == 400
    assert "Du kan ikke ændre din egen rolle" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == User.Role.ADMINISTRATOR
    assert admin_user.unit is None
    refused = AccessLog.objects.get(event="accounts.user.change.refused")
    assert refused.action == AccessLog.Action.DENIED
    assert refused.detail["attempted"]["role"] == "leader"
    assert not _rows("accounts.user.access_changed").exists()


def test_an_administrator_cannot_deactivate_herself_or_set_her_own_password(client, admin_user):
    login(client, admin_user)
    post = {"version": admin_user.version, "active": "0", "reason": "Prøver"}
    client.post(reverse("accounts:user_active", args=[admin_user.uuid]), post)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    post = {"version": admin_user.version, "password": NEW_PASSWORD, "reason": "Prøver"}
    response = client.post(reverse("accounts:user_password", args=[admin_user.uuid]), post)
    assert response.status_code == 400
    assert "Skift adgangskode" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
    refused = set(AccessLog.objects.filter(action=AccessLog.Action.DENIED).values_list("event", flat=True))
    assert refused == {"accounts.user.change.refused", "accounts.user.password.refused"}


def test_a_forged_role_is_refused_and_logged(client, admin_user, mette):
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[mette.uuid])
    response = client.post(url, _edit_post(mette, role="superuser", reason="x"))
    assert response.status_code == 400
    mette.refresh_from_db()
    assert mette.role == User.Role.WORKER
    refused = AccessLog.objects.get(event="accounts.user.change.refused")
    assert refused.detail["attempted"]["role"] == "superuser"


def test_a_replayed_edit_is_a_conflict_and_changes_nothing(client, admin_user, mette, ppr):
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[mette.uuid])
    first = _edit_post(mette, title="Familiebehandler")
    assert client.post(url, first).status_code == 302
    replay = dict(first, unit=ppr.pk, reason="Flyttes til PPR")  # the old version, sent again
    response = client.post(url, replay)
    assert response.status_code == 409
    body = response.content.decode()
    assert "ændret af en anden imens" in body
    assert 'id="saved-version"' in body
    mette.refresh_from_db()
    assert mette.unit.name == "Tidlig Forebyggelse"
    assert AccessLog.objects.filter(event="accounts.user.change.refused").count() == 1
    # the page now names the saved version, so saving again is deliberate
    again = dict(replay, version=mette.version)
    assert client.post(url, again).status_code == 302
    mette.refresh_from_db()
    assert mette.unit == ppr


def test_a_new_user_is_created_with_a_password_to_change_and_logged(client, admin_user, prevention):
    login(client, admin_user)
    post = {
        "username": "hanne",
        "password": NEW_PASSWORD,
        "first_name": "Hanne",
        "last_name": "Thybo",
        "role": "worker",
        "unit": prevention.pk,
        "capacity": 12,
        "reason": "Ny socialrådgiver",
    }
    response = client.post(reverse("accounts:user_create"), post)
    assert response.status_code == 302
    hanne = User.objects.get(username="hanne")
    assert hanne.must_change_password
    row = _rows("accounts.user.created").get()
    assert row.detail["role"] == "worker"
    assert row.detail["reason"] == "Ny socialrådgiver"
    assert NEW_PASSWORD not in str(row.detail)
    replay = client.post(reverse("accounts:user_create"), post)
    assert replay.status_code == 400
    assert User.objects.filter(username="hanne").count() == 1


def test_a_partner_needs_an_institution_and_no_unit(admin_user, prevention):
    with pytest.raises(services_admin.ValidationError):
        services_admin.create_user(
            actor=admin_user,
            username="ny",
            password=NEW_PASSWORD,
            reason="x",
            first_name="Ny",
            last_name="Bruger",
            role="partner",
            unit=prevention,
        )
    assert not User.objects.filter(username="ny").exists()
    assert AccessLog.objects.filter(event="accounts.user.create.refused").count() == 1


def test_deactivating_is_logged_with_its_reason(client, admin_user, mette):
    login(client, admin_user)
    post = {"version": mette.version, "active": "0", "reason": "Fratrådt"}
    client.post(reverse("accounts:user_active", args=[mette.uuid]), post)
    mette.refresh_from_db()
    assert not mette.is_active
    row = _rows("accounts.user.access_changed").get()
    assert row.detail == {"changes": {"is_active": [True, False]}, "reason": "Fratrådt"}
    # the same post again is stale: nothing changes twice
    client.post(reverse("accounts:user_active", args=[mette.uuid]), post)
    assert _rows("accounts.user.access_changed").count() == 1


def test_units_institutions_and_competences_are_changed_through_logged_services(
    client, admin_user, prevention
):
    login(client, admin_user)
    unit_post = {"name": "Familiecentret", "kind": "family_centre", "contact_deadline_days": 3}
    assert client.post(reverse("accounts:unit_create"), unit_post).status_code == 302
    assert client.post(reverse("accounts:unit_create"), unit_post).status_code == 400  # replayed
    centre = Unit.objects.get(name="Familiecentret")
    institution_post = {"name": "Vestskolen", "kind": "school", "referral_unit": prevention.pk}
    assert client.post(reverse("accounts:institution_create"), institution_post).status_code == 302
    school = Institution.objects.get(name="Vestskolen")
    client.post(reverse("accounts:group_add", args=[school.uuid]), {"name": "0.A"})
    client.post(reverse("accounts:group_add", args=[school.uuid]), {"name": "0.A"})
    assert school.groups.count() == 1
    assert client.post(reverse("accounts:competences"), {"name": "Skilsmisse"}).status_code == 302
    edit = dict(institution_post, referral_unit=centre.pk, version=school.version)
    assert client.post(reverse("accounts:institution_edit", args=[school.uuid]), edit).status_code == 302
    stale = client.post(reverse("accounts:institution_edit", args=[school.uuid]), edit)
    assert stale.status_code == 409
    events = list(AccessLog.objects.filter(actor=admin_user).order_by("id").values_list("event", flat=True))
    assert events == [
        "accounts.unit.created",
        "accounts.institution.created",
        "accounts.institution_group.created",
        "accounts.competence.created",
        "accounts.institution.changed",
    ]
    changed = _rows("accounts.institution.changed").get()
    assert changed.detail["changes"]["referral_unit"] == ["Tidlig Forebyggelse", "Familiecentret"]


def test_nobody_but_the_administrator_opens_the_administration(client, lone, mette):
    login(client, lone)
    assert client.get(reverse("accounts:users")).status_code == 403
    response = client.post(
        reverse("accounts:user_edit", args=[lone.uuid]), _edit_post(lone, role="administrator")
    )
    assert response.status_code == 403
    lone.refresh_from_db()
    assert lone.role == User.Role.LEADER


def test_a_refused_post_with_a_nul_byte_is_logged_without_it(client, admin_user, mette):
    """PostgreSQL refuses NUL even inside JSON: the refusal's row keeps a replacement character instead."""
    login(client, admin_user)
    url = reverse("accounts:user_edit", args=[mette.uuid])
    response = client.post(url, _edit_post(mette, institution="\x00", role="partner\u202e", reason="x"))
    assert response.status_code == 400
    refused = AccessLog.objects.get(event="accounts.user.change.refused")
    assert refused.detail["attempted"]["role"] == "partner\ufffd"
    assert refused.detail["attempted"]["institution"] == "\ufffd"


def test_only_an_unused_unit_institution_or_competence_is_deleted(client, admin_user, mette, school):
    """Anything that points at a row keeps it (a unit's targets would otherwise go with it); the refusal
    says why and deletes nothing; a deletion is logged."""
    login(client, admin_user)
    angst = Competence.objects.get()
    cases = [
        ("accounts:unit_delete", mette.unit.uuid, Unit),
        ("accounts:institution_delete", school.uuid, Institution),
        ("accounts:competence_delete", angst.pk, Competence),
    ]
    school.groups.create(name="1.A")
    for route, key, model in cases:
        before = model.objects.count()
        response = client.post(reverse(route, args=[key]), follow=True)
        assert "bruges stadig" in response.content.decode(), route
        assert model.objects.count() == before
    unused = Competence.objects.create(name="Skilsmisse")
    client.post(reverse("accounts:competence_delete", args=[unused.pk]))
    assert not Competence.objects.filter(name="Skilsmisse").exists()
    row = _rows("accounts.competence.deleted").get()
    assert row.action == AccessLog.Action.DELETE
    assert row.detail == {"name": "Skilsmisse"}


def test_the_unit_that_receives_the_public_form_is_not_deleted(client, admin_user):
    login(client, admin_user)
    unit = Unit.objects.create(name="Ny enhed", kind=Unit.Kind.PREVENTION, receives_public_referrals=True)
    response = client.post(reverse("accounts:unit_delete", args=[unit.uuid]), follow=True)
    assert "modtager den offentlige formular" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()
