"""Writes about users: failed and successful logins, lockout, and every other door that asks for a
password (the answer-mode unlock, the password change)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.queries import failed_logins_from
from tidlig.audit.services import record_auth_event, record_change

# The outcomes of a password door
OPEN, WRONG, LOCKED, THROTTLED = "open", "wrong", "locked", "throttled"


def hash_in_vain(password: str) -> None:
    """The work of one password check, for a refusal that has no hash to check against (an unknown user,
    a throttled address): every refusal costs the same, so timing tells nothing."""
    User().set_password(password)


def address_is_throttled(ip: str | None) -> bool:
    """Too many failed logins from this address lately, whatever the usernames (password spraying)."""
    if ip is None:
        return False
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
    return failed_logins_from(ip, since=since) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def password_door(user: User, password: str, *, ip: str | None, door: str) -> str:
    """A logged-in user's password asked again (answer-mode unlock, password change): the same throttle per
    address and per user as the login, and a failure counts towards the same lockout. Hashes exactly once."""
    if address_is_throttled(ip):
        hash_in_vain(password)
        register_throttled_address(door=door)
        return THROTTLED
    if is_locked(user):
        user.check_password(password)
        register_locked_attempt(user, door=door)
        return LOCKED
    if not user.check_password(password):
        register_failed_login(user, door=door)
        user.refresh_from_db(fields=["locked_until"])
        return LOCKED if is_locked(user) else WRONG
    return OPEN


def is_locked(user: User, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


@transaction.atomic
def register_failed_login(user: User | None, *, door: str = "login") -> None:
    """Count a failed login; the limit-th failure in a row locks the account for a while.

    The count is raised in the database (F()), so simultaneous attempts cannot undercount.
    An unknown username is logged without the typed text, which may be a mistyped password.
    """
    if user is None:
        detail = {"reason": "unknown_user", "door": door}
        record_auth_event(None, action=AccessLog.Action.LOGIN_FAILED, detail=detail)
        return
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    detail = {"reason": "bad_password", "count": user.failed_login_count, "door": door}
    if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = timezone.now() + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        detail["locked_until"] = user.locked_until.isoformat()
    record_auth_event(user, action=AccessLog.Action.LOGIN_FAILED, detail=detail)


@transaction.atomic
def register_throttled_address(*, door: str = "login") -> None:
    """A login refused because its address has failed too often; the typed username is not kept."""
    detail = {"reason": "address_throttled", "door": door}
    record_auth_event(None, action=AccessLog.Action.LOGIN_FAILED, detail=detail)


@transaction.atomic
def register_locked_attempt(user: User, *, door: str = "login") -> None:
    detail = {"reason": "locked", "door": door}
    record_auth_event(user, action=AccessLog.Action.LOGIN_FAILED, detail=detail)


@transaction.atomic
def register_successful_login(user: User) -> None:
    if user.failed_login_count or user.locked_until:
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["failed_login_count", "locked_until"])
    record_auth_event(user, action=AccessLog.Action.LOGIN)


@transaction.atomic
def register_logout(user: User) -> None:
    record_auth_event(user, action=AccessLog.Action.LOGOUT)


@transaction.atomic
def change_own_password(user: User, *, password: str) -> None:
    """The user's own new password (checked by the caller's door); it ends a password an administrator set."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    User.objects.filter(pk=user.pk).update(version=F("version") + 1)
    record_change(
        actor=user,
        event="accounts.user.password_changed",
        target=user,
        persons=[],
        purpose=Purpose.AUTHENTICATION,
        detail={"by": "self"},
    )
