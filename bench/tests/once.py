"""One generated municipality shared by a module's tests, generated on a day the module fixes."""

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tidlig.demo.tests.days import DAYS, moment
from tidlig.tests.plugin import rolled_back_after

__all__ = ["DAYS", "generated_at", "moment"]


def generated_at(scale: float, days: tuple[dt.date, ...] = DAYS) -> Callable:
    """A module fixture, parametrised by day: `generate_data --size small --scale <scale>` on each of
    `days`, once for all the module's tests, in a transaction rolled back after the last of them. The
    clock stays on that day (ticking) until then, so the tests' "today" is the generator's. Each test
    still runs in a savepoint of its own, so what a test writes is gone before the next; the tests only
    read what the generator made. Under xdist each worker that runs one of the module's tests generates
    once per day."""

    @pytest.fixture(scope="module", autouse=True, params=days, ids=str)
    def generated(request, django_db_setup, django_db_blocker):
        day = request.param
        # the generator's offers need the ladder steps, which rolled_back_after ensures as after migrate
        with time_machine.travel(moment(day), tick=True), rolled_back_after(django_db_blocker):
            call_command("generate_data", "--size", "small", "--scale", str(scale), stdout=StringIO())
            yield

    return generated
