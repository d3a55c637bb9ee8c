"""Writes about users: failed and successful logins, lockout."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog
from tidlig.audit.services import record_auth_event


def is_locked(user: User, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


@transaction.atomic
def register_failed_login(user: User | None) -> None:
    """Count a failed login; the limit-th failure in a row locks the account for a while.

    The count is raised in the database (F()), so simultaneous attempts cannot undercount.
    An unknown username is logged without the typed text, which may be a mistyped password.
    """
    if user is None:
        record_auth_event(None, action=AccessLog.Action.LOGIN_FAILED, detail={"reason": "unknown_user"})
        return
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    detail = {"reason": "bad_password", "count": user.failed_login_count}
    if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = timezone.now() + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        detail["locked_until"] = user.locked_until.isoformat()
    record_auth_event(user, action=AccessLog.Action.LOGIN_FAILED, detail=detail)


@transaction.atomic
def register_throttled_address() -> None:
    """A login refused because its address has failed too often; the typed username is not kept."""
    record_auth_event(None, action=AccessLog.Action.LOGIN_FAILED, detail={"reason": "address_throttled"})


@transaction.atomic
def register_locked_attempt(user: User) -> None:
    record_auth_event(user, action=AccessLog.Action.LOGIN_FAILED, detail={"reason": "locked"})


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
