"""Fixtures the sweeps across apps share."""

import pytest

from tidlig.tests.factories import build_world
from tidlig.tests.plugin import rolled_back_after


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The person-log sweep's world (factories.build_world), built once per module, rolled back after it."""
    with rolled_back_after(django_db_blocker):
        yield build_world()
