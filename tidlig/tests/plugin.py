"""The suite's machinery, apart from the world it tests (the personas and reference rows, in conftest.py):
the hypothesis profile, the clock of TIDLIG_TEST_TODAY, the order slow tests start in, a birth date that
keeps an age, and module data rolled back after its last test. The root conftest.py registers it.

PYTEST_DONT_REWRITE: conftest.py imports born_aged before registering the plugin, which asserts nothing."""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings

# why: the suite runs the same examples every time (no flaky failures, no example database on disk);
# HYPOTHESIS_PROFILE=explore draws new ones on each run, for a hunt outside the suite
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "tidlig", deadline=None, database=None, derandomize=True, suppress_health_check=_QUIET
)
settings.register_profile("explore", deadline=None, database=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tidlig"))


def _django_order(item: pytest.Item) -> int:
    """The group pytest-django runs a test in, as its own ordering decides (Django's order): 0 database,
    1 transactional, 2 none."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if marker is not None:
        transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        if transaction or marker.kwargs.get("reset_sequences"):
            return 1
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def pytest_configure(config: pytest.Config) -> None:
    """TIDLIG_TEST_TODAY=YYYY-MM-DD runs the whole suite with the clock on that day (ticking from midday in
    Copenhagen), so a test that holds only on some days is found on any machine (scripts/run-tests runs the
    PostgreSQL pass on such a day). Tests that travel themselves still do."""
    day = os.environ.get("TIDLIG_TEST_TODAY")
    if day:
        from zoneinfo import ZoneInfo

        import time_machine

        start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), ZoneInfo("Europe/Copenhagen"))
        config._tidlig_clock = time_machine.travel(start, tick=True)
        config._tidlig_clock.start()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `slow` (tens of seconds each) start early, so the two xdist workers finish together
    instead of one waiting out a long test at the end. A slow test that needs no database goes before
    everything; one that does goes first in its pytest-django group (the browser journeys: first of the
    transactional tests, which run after the other database tests), whose order is kept."""

    def key(item: pytest.Item) -> tuple[int, int]:
        order, slow = _django_order(item), item.get_closest_marker("slow") is not None
        return (-1, 0) if slow and order == 2 else (order, 0 if slow else 1)

    items.sort(key=key)


def born_aged(years: int) -> dt.date:
    """A birth date that makes a child `years` old today and for about a hundred days either side, so a
    persona's age does not change with the day the suite runs."""
    from tidlig.lib.dates import today

    return today() - dt.timedelta(days=365 * years + years // 4 + 182)


@contextmanager
def rolled_back_after(django_db_blocker) -> Iterator[None]:
    """For a module fixture that writes rows once for tests that only read them: the reference rows and
    what the block writes, in a transaction rolled back when the block ends (after the module's last
    test). Each test still runs in a savepoint of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        from conftest import ensure_reference_data

        ensure_reference_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _danish_after_each_test() -> Iterator[None]:
    """A test that opened a page in English (the language cookie) leaves the language active in its thread;
    the next test starts in Danish again, as every request without the cookie does."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
