"""Writes for the public forms: the per-address limit, kept in the database so it holds across workers."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tidlig.lib.crypto import lookup_digest
from tidlig.lib.net import client_ip
from tidlig.referrals.models import PublicSubmission

KEEP_FOR = dt.timedelta(hours=24)


@transaction.atomic
def allow_public_submission(request, *, limit: int = 6, window_seconds: int = 60) -> bool:
    """True and counted when this address has posted fewer than `limit` times in the window; a refused
    post is not counted. The address is stored only as a keyed digest, and rows older than a day go."""
    now = timezone.now()
    digest = lookup_digest("ip:" + (client_ip(request) or ""))
    PublicSubmission.objects.filter(at__lt=now - KEEP_FOR).delete()
    recent = PublicSubmission.objects.filter(
        address_digest=digest, at__gt=now - dt.timedelta(seconds=window_seconds)
    ).count()
    if recent >= limit:
        return False
    PublicSubmission.objects.create(address_digest=digest, at=now)
    return True
