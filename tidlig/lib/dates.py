"""Date helpers in the municipality's time zone."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
