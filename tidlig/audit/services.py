"""The one way to write the access log. Every app calls record_access (reads) or record_change (writes)."""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn

from django.db import connection, models, transaction
from django.http import Http404

from tidlig.audit.context import current_ip
from tidlig.audit.models import AccessLog, AccessLogSubject, Purpose

Action = AccessLog.Action

# The entries written inside one_write(), waiting to be inserted together; None outside one.
_pending: ContextVar[list[tuple[AccessLog, list[tuple[str, Any]]]] | None] = ContextVar(
    "tidlig_audit_pending", default=None
)


def _subjects(persons: Iterable[Any]) -> list[tuple[str, Any]]:
    result = []
    for person in persons:
        person_type = getattr(person, "AUDIT_PERSON_TYPE", None)
        if person_type is None:
            raise TypeError(f"{type(person).__name__} is not a person the access log knows")
        result.append((person_type, person.uuid))
    return result


def _object_ref(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    key = getattr(target, "uuid", None) or target.pk
    return target._meta.label_lower, str(key)


def _write(
    *,
    actor,
    action: str,
    event: str,
    target: models.Model | None,
    persons: Iterable[Any],
    purpose: str,
    detail: dict | None,
    object_id: str | None = None,
    may_wait: bool = False,
) -> AccessLog:
    object_type, ref = _object_ref(target)
    unit_name = ""
    if actor is not None:
        scope = actor.unit if actor.unit_id else actor.institution if actor.institution_id else None
        unit_name = scope.name if scope else ""
    log = AccessLog(
        actor=actor,
        actor_username=actor.username if actor else "",
        actor_role=actor.role if actor else "",
        actor_unit=unit_name,
        ip=current_ip.get(),
        action=action,
        event=event,
        object_type=object_type,
        object_id=object_id if object_id is not None else ref,
        purpose=purpose,
        detail=detail or {},
    )
    subjects = list(dict.fromkeys(_subjects(persons)))
    # why: only reads and denials wait for one_write(); a change's row must commit with the change, inside
    # its service
    pending = _pending.get() if may_wait else None
    if pending is not None:
        pending.append((log, subjects))
    else:
        _insert([(log, subjects)])
    return log


def _insert(entries: list[tuple[AccessLog, list[tuple[str, Any]]]]) -> None:
    # why: the rows and their subjects stand or fall together, and outside a service's transaction they
    # cost one commit (a WAL flush) instead of two; savepoint=False adds no query inside one
    with transaction.atomic(savepoint=False):
        AccessLog.objects.bulk_create([log for log, _ in entries])
        rows = [
            AccessLogSubject(log=log, person_type=person_type, person_id=person_id)
            for log, subjects in entries
            for person_type, person_id in subjects
        ]
        if rows:
            AccessLogSubject.objects.bulk_create(rows)


@contextmanager
def one_write() -> Iterator[None]:
    """The reads logged inside (record_access) go to the database together when the block ends: one INSERT
    of the rows and one of their subjects, in one transaction. The entries are the same as without it.

    For a page that logs several reads (the worker's home logs three or four lists): end the block before
    the page is rendered, so no data leaves without its entries. The entries are written when the block
    ends with an exception too (a denial, a 404 after a read), unless the transaction is already lost."""
    if _pending.get() is not None:  # nested: the outermost block writes
        yield
        return
    token = _pending.set([])
    try:
        yield
    finally:
        entries = _pending.get()
        _pending.reset(token)
        if entries and not (connection.in_atomic_block and connection.needs_rollback):
            _insert(entries)


def record_access(
    actor,
    target: models.Model | None,
    *,
    persons: Iterable[Any],
    purpose: str,
    action: str = Action.VIEW,
    event: str = "",
    detail: dict | None = None,
) -> AccessLog:
    """Log a read of personal data: a page, a list, a search or an export."""
    event = event or f"{_object_ref(target)[0] or 'list'}.{action}"
    return _write(
        actor=actor,
        action=action,
        event=event,
        target=target,
        persons=persons,
        purpose=purpose,
        detail=detail,
        may_wait=True,
    )


def record_change(
    *,
    actor,
    event: str,
    target: models.Model,
    persons: Iterable[Any],
    purpose: str,
    action: str = Action.CHANGE,
    detail: dict | None = None,
) -> AccessLog:
    """Log a write inside the service's transaction, so the row exists exactly when the change does."""
    return _write(
        actor=actor,
        action=action,
        event=event,
        target=target,
        persons=persons,
        purpose=purpose,
        detail=detail,
    )


def record_denied(actor, *, object_type: str, object_id: str, path: str) -> AccessLog:
    """Log an attempt to open an object the user may not see (ASVS 16.3.2). No person is named."""
    return _write(
        actor=actor,
        action=Action.DENIED,
        event=f"{object_type}.denied",
        target=None,
        persons=(),
        purpose=Purpose.ACCESS_CONTROL,
        detail={"path": path[:300], "object_type": object_type},
        object_id=object_id[:64],
        may_wait=True,
    )


def deny(actor, object_type: str, object_id, path: str) -> NoReturn:
    """Log the attempt to open an object the user may not see, then answer 404 (existence does not leak)."""
    record_denied(actor, object_type=object_type, object_id=str(object_id), path=path)
    raise Http404


def record_auth_event(actor, *, action: str, detail: dict | None = None) -> AccessLog:
    return _write(
        actor=actor,
        action=action,
        event=f"auth.{action}",
        target=None,
        persons=(),
        purpose=Purpose.AUTHENTICATION,
        detail=detail,
        object_id="",
    )


def record_retention_run(*, detail: dict) -> AccessLog:
    """The retention job's one row per run: counts only, no person (decision 0016)."""
    return _write(
        actor=None,
        action=Action.DELETE,
        event="retention.applied",
        target=None,
        persons=(),
        purpose=Purpose.RETENTION,
        detail=detail,
        object_id="",
    )


@transaction.atomic
def purge_access_log(*, before: dt.datetime) -> int:
    """The log's own retention: delete the rows (and their subjects) logged before `before`.

    The database refuses to delete log rows (migration 0003) unless the transaction has said
    `SET LOCAL tidlig.purge = 'on'`; this is the only code that says it, and it says it only for these
    two statements. SQLite's trigger refuses UPDATE only; there the ORM refuses DELETE."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL tidlig.purge = 'on'")
        cursor.execute(
            "DELETE FROM audit_accesslogsubject "
            "WHERE log_id IN (SELECT id FROM audit_accesslog WHERE at < %s)",
            [before],
        )
        cursor.execute("DELETE FROM audit_accesslog WHERE at < %s", [before])
        deleted = cursor.rowcount
        if connection.vendor == "postgresql":
            # why: the rest of an enclosing transaction must be as append-only as any other
            cursor.execute("SET LOCAL tidlig.purge = 'off'")
    return deleted
