"""One generated municipality shared by a module's tests."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import rolled_back_after


def generated_at(scale: float) -> Callable:
    """A module fixture: `generate_data --size small --scale <scale>` once for all the module's tests,
    in a transaction rolled back after the last of them. Each test still runs in a savepoint of its own,
    so what a test writes is gone before the next; the tests only read what the generator made. Under
    xdist each worker that runs one of the module's tests generates once."""

    @pytest.fixture(scope="module", autouse=True)
    def generated(django_db_setup, django_db_blocker):
        # the generator's offers need the ladder steps, which rolled_back_after ensures as after migrate
        with rolled_back_after(django_db_blocker):
            call_command("generate_data", "--size", "small", "--scale", str(scale), stdout=StringIO())
            yield

    return generated
