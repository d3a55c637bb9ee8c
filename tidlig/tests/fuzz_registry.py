"""The fuzzer's cases and where they live. Each app keeps the cases of its own forms beside its tests
(`tidlig/<app>/tests/fuzz_cases*.py`, a list `CASES`); `all_cases()` collects them for every sweep that
drives forms (test_fuzz_forms, test_fuzz_dates, test_field_tag, and
test_a_field_that_records_a_fact_starts_empty), and test_fuzz_coverage fails when a form has no case."""

import importlib
import itertools
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.apps import apps

import tidlig


class World:
    """The root conftest's personas and families, made on first use."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@dataclass
class Target:
    client: object
    # A fresh (url, data) for each submission: one-time tokens and one-shot objects are made anew.
    prepare: Callable[[], tuple[str, dict]]


@dataclass(frozen=True)
class Case:
    name: str
    forms: tuple[str, ...]  # dotted paths of the form classes this case drives
    setup: Callable[[World], Target]
    fields: dict[str, str]  # field -> strategy kind (fuzz.STRATEGIES)
    stored: tuple[str, ...] = ()  # free text that, once accepted, must be stored whole
    method: str = "post"
    writes: bool = True  # a good submission writes rows (and an audit row)
    shape_fields: tuple[str, ...] = ()  # fields whose accepted value may change how many rows are written
    examples: int = 10
    public: bool = False
    exact: bool = True  # every accepted submission writes the same rows as the good one (not an edit)
    models: tuple[str, ...] = ()  # tables an edit writes its text to, where the stored text is looked for


_addresses = itertools.count(1)

# A number for names that must be unique (usernames, units, legal bases), shared by every case.
serial = itertools.count(1)


def next_address() -> str:
    """A new client address per public submission, so the per-address limit never answers 429."""
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def prefixed(fields: dict[str, str]) -> dict[str, str]:
    """Fields whose posted name carries a per-object prefix: the attack replaces the value by suffix."""
    return {f"*-{name}": kind for name, kind in fields.items()}


def _case_modules() -> Iterator[str]:
    for app in apps.get_app_configs():
        if not app.name.startswith("tidlig."):
            continue
        try:
            tests = importlib.import_module(f"{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests.__path__):
            if module.name.startswith("fuzz_cases"):
                yield f"{app.name}.tests.{module.name}"


@cache
def all_cases() -> tuple[Case, ...]:
    """Every app's cases, in the order of INSTALLED_APPS."""
    cases = tuple(case for name in _case_modules() for case in importlib.import_module(name).CASES)
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), f"two cases share a name: {sorted(names)}"
    return cases


def import_every_module() -> None:
    """Import every module of Tidlig's apps (tests and migrations aside), so every form class exists."""
    for module in pkgutil.walk_packages(tidlig.__path__, "tidlig."):
        parts = module.name.split(".")
        if {"tests", "migrations", "management"} & set(parts) or parts[-1] in ("settings", "wsgi", "asgi"):
            continue
        importlib.import_module(module.name)


def subclasses(cls) -> Iterator[type]:
    """Every subclass of `cls`, at any depth."""
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)
