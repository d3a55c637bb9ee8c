"""The administration's writes about users: who they are, their access rights (role, unit, institution,
active), competences, capacity and passwords. Every change is logged with who changed whose what, from
what to what, when and why, in the change's own transaction; every refused change of access rights is
logged too, after the refusal has rolled the change back (decision 0021)."""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.accounts.models import Competence, User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change

R = User.Role
ACCESS_FIELDS = ("role", "unit", "institution", "is_active")
USER_FIELDS = ("first_name", "last_name", "email", "title", "capacity", *ACCESS_FIELDS)

REASON_REQUIRED = gettext_noop("Skriv, hvorfor adgangen ændres. Begrundelsen gemmes i adgangsloggen.")
OWN_ACCESS = gettext_noop(
    "Du kan ikke ændre din egen rolle, enhed, institution eller adgang. Bed en anden administrator om det."
)
OWN_PASSWORD = gettext_noop(
    "Din egen adgangskode skifter du under “Skift adgangskode”, hvor du først skriver den nuværende."
)
USER_CONFLICT = gettext_noop(
    "Brugeren er ændret af en anden imens. Intet er gemt. Se det gemte herunder, og gem igen, hvis du stadig "
    "vil."
)
USERNAME_TAKEN = gettext_noop("Brugernavnet er allerede i brug. Vælg et andet.")
UNIT_ONLY_FOR_STAFF = gettext_noop("Kun medarbejdere, ledere og koordinatorer hører til en enhed.")
INSTITUTION_ONLY_FOR_PARTNERS = gettext_noop("Kun samarbejdspartnere hører til en institution.")


def _shown(value: Any) -> Any:
    """A value as the log keeps it: a unit or institution by name, so the row reads without joins."""
    if isinstance(value, Model):
        return str(value)
    return value


def _log(
    actor: User, event: str, target: Model | None, *, detail: dict, action: str = AccessLog.Action.CHANGE
):
    record_change(
        actor=actor,
        event=event,
        target=target,
        persons=[],
        purpose=Purpose.ACCESS_CONTROL,
        action=action,
        detail=detail,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _loggable(value: Any, limit: int = 200) -> Any:
    """A refused post's value as the log may keep it: the database refuses NUL, and a log shows no control
    characters or bidi overrides; booleans and numbers stay as they are."""
    if value is None or isinstance(value, bool | int):
        return value
    return _CONTROL.sub("\ufffd", str(value))[:limit]


@transaction.atomic
def record_refused(*, actor: User, target: User | None, event: str, errors: Iterable[str], attempted: dict):
    """A refused change of access rights leaves a row too: who tried what on whom, and why it was refused.
    Called after the refusal, so the change's own transaction has already rolled back."""
    detail = {
        "refused": [_loggable(e) for e in errors][:10],
        "attempted": {_loggable(k, 40): _loggable(v) for k, v in attempted.items()},
    }
    _log(actor, f"{event}.refused", target, detail=detail, action=AccessLog.Action.DENIED)


def _refusals_logged(actor: User, target: User | None, event: str, attempted: dict, write: Callable):
    try:
        return write()
    except ValidationError as error:
        if attempted:
            record_refused(
                actor=actor, target=target, event=event, errors=error.messages, attempted=attempted
            )
        raise


def _check_placement(user: User) -> None:
    """A role's place: staff in a unit, partners at an institution, nobody in both."""
    user.clean()
    if user.unit_id and user.role not in User.UNIT_ROLES:
        raise ValidationError({"unit": _(UNIT_ONLY_FOR_STAFF)})
    if user.institution_id and user.role != R.PARTNER:
        raise ValidationError({"institution": _(INSTITUTION_ONLY_FOR_PARTNERS)})


def _need_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _(REASON_REQUIRED)}, code="reason")


def create_user(
    *,
    actor: User,
    username: str,
    password: str,
    reason: str,
    competences: Iterable[Competence] = (),
    **fields,
) -> User:
    """A new user with a password the administrator chose: the user must change it at the first login."""
    attempted = {"username": username, **{k: _shown(fields.get(k)) for k in ("role", "unit", "institution")}}

    @transaction.atomic
    def write() -> User:
        _need_reason(reason)
        user = User(username=username, **{k: v for k, v in fields.items() if k in USER_FIELDS})
        _check_placement(user)
        user.full_clean(exclude=["password"])
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.must_change_password = True
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # why: a replayed post or a colleague who chose the name a moment ago
            raise ValidationError({"username": _(USERNAME_TAKEN)}) from None
        user.competences.set(competences)
        _log(
            actor,
            "accounts.user.created",
            user,
            action=AccessLog.Action.CREATE,
            detail={**attempted, "competences": sorted(c.name for c in competences), "reason": reason},
        )
        return user

    return _refusals_logged(actor, None, "accounts.user.create", attempted, write)


def update_user(
    user: User,
    *,
    actor: User,
    version: int | None,
    reason: str = "",
    competences: Iterable[Competence] | None = None,
    **fields,
) -> User:
    """Change a user. The post names the version it was based on (decision 0017); access rights need a reason
    and are never one's own to change."""
    attempted = {k: _shown(v) for k, v in fields.items() if k in ACCESS_FIELDS and getattr(user, k) != v}

    @transaction.atomic
    def write() -> User:
        current = User.objects.select_for_update().get(pk=user.pk)
        if version is None or current.version != version:
            raise ValidationError(_(USER_CONFLICT), code="conflict")
        changes = {}
        for key, value in fields.items():
            if key in USER_FIELDS and getattr(current, key) != value:
                changes[key] = [_shown(getattr(current, key)), _shown(value)]
                setattr(current, key, value)
        if competences is not None:
            before = sorted(current.competences.values_list("name", flat=True))
            after = sorted(c.name for c in competences)
            if before != after:
                changes["competences"] = [before, after]
        access = sorted(changes.keys() & set(ACCESS_FIELDS))
        if access and current.pk == actor.pk:
            raise ValidationError(_(OWN_ACCESS), code="own_access")
        if access:
            _need_reason(reason)
        if not changes:
            return current
        _check_placement(current)
        current.full_clean(exclude=["password"])
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        if competences is not None:
            current.competences.set(competences)
        event = "accounts.user.access_changed" if access else "accounts.user.changed"
        _log(actor, event, current, detail={"changes": changes, "reason": reason})
        return current

    return _refusals_logged(actor, user, "accounts.user.change", attempted, write)


def set_password(user: User, *, actor: User, version: int | None, password: str, reason: str) -> User:
    """A password the administrator sets (a forgotten one): known to two people, so it must be changed at the
    next login. The user's other sessions end with it (Django checks the password's hash per session)."""

    @transaction.atomic
    def write() -> User:
        current = User.objects.select_for_update().get(pk=user.pk)
        if current.pk == actor.pk:
            raise ValidationError(_(OWN_PASSWORD), code="own_password")
        if version is None or current.version != version:
            raise ValidationError(_(USER_CONFLICT), code="conflict")
        _need_reason(reason)
        password_validation.validate_password(password, current)
        current.set_password(password)
        current.must_change_password = True
        current.failed_login_count = 0
        current.locked_until = None
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        _log(actor, "accounts.user.password_set", current, detail={"reason": reason})
        return current

    return _refusals_logged(actor, user, "accounts.user.password", {"password": "set"}, write)
