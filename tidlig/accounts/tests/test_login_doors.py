"""Login doors throttled: every place that takes a password (the login, the answer-mode unlock, the password
change) is throttled per user and per address alike. Forced password change: a password an administrator
set must be changed at the next login, and the user is told."""

import pytest
from django.urls import reverse

from conftest import PASSWORD, login
from tidlig.accounts import services_admin
from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lang-og-sikker-adgangskode-77"
OWN_PASSWORD = "min-egen-hemmelighed-2026"


def _change(client, current, new=OWN_PASSWORD, repeat=None):
    data = {"current": current, "new": new, "repeat": repeat or new}
    return client.post(reverse("password_change"), data)


def test_a_password_set_by_an_administrator_must_be_changed_at_the_next_login(client, admin_user, mette):
    services_admin.set_password(
        mette, actor=admin_user, version=mette.version, password=NEW_PASSWORD, reason="Glemt"
    )
    response = client.post(reverse("login"), {"username": "mette", "password": NEW_PASSWORD})
    assert response.status_code == 302
    for path in ("/", "/familier/", reverse("courses:list")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert "En administrator har sat din adgangskode" in page.content.decode()
    htmx = client.get("/familier/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("password_change")
    assert _change(client, NEW_PASSWORD).status_code == 302
    mette.refresh_from_db()
    assert not mette.must_change_password
    assert mette.check_password(OWN_PASSWORD)
    assert client.get("/").status_code == 200, "the session survives the user's own change"
    assert AccessLog.objects.filter(event="accounts.user.password_changed", actor=mette).count() == 1


def test_an_administrators_password_ends_the_users_open_sessions(client, admin_user, mette):
    login(client, mette)
    assert client.get("/").status_code == 200
    services_admin.set_password(
        mette, actor=admin_user, version=mette.version, password=NEW_PASSWORD, reason="Glemt"
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_password_change_refuses_a_wrong_current_password_and_a_mismatch(client, mette):
    login(client, mette)
    wrong = _change(client, "forkert")
    assert wrong.status_code == 400
    assert "Adgangskoden er forkert" in wrong.content.decode()
    mismatch = _change(client, PASSWORD, repeat=OWN_PASSWORD + "x")
    assert mismatch.status_code == 400
    assert "ikke ens" in mismatch.content.decode()
    mette.refresh_from_db()
    assert mette.check_password(PASSWORD)


def test_the_password_change_counts_towards_the_users_lockout(client, mette, settings):
    login(client, mette)
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _change(client, "forkert").status_code == 400
    response = _change(client, "forkert")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    mette.refresh_from_db()
    assert mette.locked_until is not None
    assert client.post(reverse("login"), {"username": "mette", "password": PASSWORD}).status_code == 200
    doors = set(
        AccessLog.objects.filter(action=AccessLog.Action.LOGIN_FAILED).values_list("detail__door", flat=True)
    )
    assert doors == {"password_change", "login"}


def test_the_password_change_is_throttled_per_address(client, mette, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for name in ("anna", "bo"):
        client.post(reverse("login"), {"username": name, "password": "x"})
    login(client, mette)
    response = _change(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    mette.refresh_from_db()
    assert mette.check_password(PASSWORD), "nothing changed from a throttled address"
    row = AccessLog.objects.filter(detail__reason="address_throttled").get()
    assert row.detail["door"] == "password_change"


@pytest.fixture
def locked_screen(client, mette, settings):
    """Mette's session in answer mode for a course (the lock in the session, as the course page sets it)."""
    import uuid

    from tidlig.courses.middleware import ANSWER_LOCK

    login(client, mette)
    course_id = str(uuid.uuid4())
    session = client.session
    session[ANSWER_LOCK] = {"course": course_id, "respondent": "", "instrument": 0, "done": True}
    session.save()
    return reverse("courses:unlock", args=[course_id])


def test_the_answer_mode_unlock_counts_towards_the_users_lockout(client, mette, locked_screen, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    assert client.post(locked_screen, {"password": "forkert"}).status_code == 400
    response = client.post(locked_screen, {"password": "forkert"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    mette.refresh_from_db()
    assert mette.locked_until is not None
    reasons = AccessLog.objects.filter(action=AccessLog.Action.LOGIN_FAILED).values_list(
        "detail__door", flat=True
    )
    assert set(reasons) == {"answer_mode_unlock"}


def test_the_answer_mode_unlock_is_throttled_per_address(client, mette, locked_screen, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1
    from django.test import Client

    Client().post(reverse("login"), {"username": "anna", "password": "x"})
    response = client.post(locked_screen, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("login"), "the right password from a throttled address is refused"
    assert "_auth_user_id" not in client.session


def test_a_locked_account_cannot_unlock_the_answer_mode(client, mette, locked_screen):
    import datetime as dt

    from django.utils import timezone

    User.objects.filter(pk=mette.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=10))
    response = client.post(locked_screen, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


# Forms with a password field, and what they do with it. A form that checks a password is a login door and
# goes through accounts.services.password_door (or the login backend); one that sets a password does not.
PASSWORD_DOORS = {"LoginForm", "PasswordChangeForm", "UnlockForm"}
PASSWORD_SETTERS = {"NewUserForm", "PasswordForm"}


def _forms_with_a_password_field() -> set[str]:
    import importlib
    import pkgutil

    from django import forms

    import tidlig

    for module in pkgutil.walk_packages(tidlig.__path__, "tidlig."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        form.__name__
        for form in subclasses(forms.BaseForm)
        if form.__module__.startswith("tidlig.")
        and any(isinstance(f.widget, forms.PasswordInput) for f in getattr(form, "base_fields", {}).values())
    }


def test_every_password_field_is_a_known_door():
    """A new form that asks for a password must be added here, and go through the throttled door."""
    assert _forms_with_a_password_field() == PASSWORD_DOORS | PASSWORD_SETTERS


def test_only_the_door_checks_passwords():
    """check_password outside the login backend and password_door would be a door without the throttle."""
    from pathlib import Path

    import tidlig

    root = Path(tidlig.__path__[0])
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "check_password(" in path.read_text(encoding="utf-8")
    }
    assert found == {"accounts/backends.py", "accounts/services.py"}
