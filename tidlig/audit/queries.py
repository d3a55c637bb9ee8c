"""Reads of the access log: the administrator's search and a person's own log (GDPR Art. 15)."""

import datetime as dt

from django.db.models import QuerySet

from tidlig.audit.models import AccessLog, AccessLogSubject

PAGE_SIZE = 100


def search_log(
    *,
    username: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    object_id: str = "",
) -> QuerySet[AccessLog]:
    rows = AccessLog.objects.all()
    if username:
        rows = rows.filter(actor_username__iexact=username)
    if action:
        rows = rows.filter(action=action)
    if date_from:
        rows = rows.filter(at__date__gte=date_from)
    if date_to:
        rows = rows.filter(at__date__lte=date_to)
    if object_id:
        rows = rows.filter(object_id=object_id)
    return rows.order_by("-at", "-id")


def log_for_person(person_id) -> QuerySet[AccessLog]:
    """Every logged action that touched this person's data, oldest first."""
    log_ids = AccessLogSubject.objects.filter(person_id=person_id).values("log_id")
    return AccessLog.objects.filter(id__in=log_ids).order_by("at", "id")


def failed_logins_from(ip: str, *, since: dt.datetime) -> int:
    """Failed logins from one address since a moment, whatever the usernames (password spraying)."""
    return AccessLog.objects.filter(action=AccessLog.Action.LOGIN_FAILED, ip=ip, at__gte=since).count()
