"""The days the demo is loaded on in the tests (and the benchmark's generator generates on, bench/tests)."""

import datetime as dt
from zoneinfo import ZoneInfo

# why: what the demo and the generator make depends on the day they run (which groups have met, who has
# turned 18), so a test loads on days it fixes, never on the day the suite happens to run: a Monday, the
# day a parents' group had not yet answered FIT at the generator's smallest scale, and a year's turn
DAYS = (dt.date(2026, 11, 23), dt.date(2026, 12, 4), dt.date(2027, 1, 1))


def moment(day: dt.date) -> dt.datetime:
    """Midday in Copenhagen on `day`: the clock the loader and the test's checks read."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen"))
