"""One generated municipality shared by a module's tests."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def generated_at(scale: float):
    """A module fixture: `generate_data --size small --scale <scale>` once for all the module's tests,
    in a transaction rolled back after the last of them. Each test still runs in a savepoint of its own,
    so what a test writes is gone before the next; the tests only read what the generator made. Under
    xdist each worker that runs one of the module's tests generates once."""

    @pytest.fixture(scope="module", autouse=True)
    def generated(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("generate_data", "--size", "small", "--scale", str(scale), stdout=StringIO())
            yield
            transaction.set_rollback(True)

    return generated
