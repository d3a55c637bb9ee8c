"""Date helpers in the municipality's time zone."""

import calendar
import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` calendar months earlier, or that month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
