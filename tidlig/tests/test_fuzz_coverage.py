"""Every form in Tidlig is fuzzed: a new form without a case in fuzz_cases fails here."""

import importlib
import pkgutil

from django import forms

import tidlig
from tidlig.tests.fuzz_cases import CASES


def _import_all() -> None:
    """Import every module of Tidlig's apps (tests and migrations aside), so every form class exists."""
    for module in pkgutil.walk_packages(tidlig.__path__, "tidlig."):
        parts = module.name.split(".")
        if {"tests", "migrations", "management"} & set(parts) or parts[-1] in ("settings", "wsgi", "asgi"):
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def tidlig_forms() -> set[str]:
    _import_all()
    return {
        f"{c.__module__}.{c.__qualname__}"
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith("tidlig.") and ".tests." not in c.__module__
    }


def fuzzed_forms() -> set[str]:
    return {name for case in CASES for name in case.forms}


def test_it_fuzzes_every_form():
    missing = tidlig_forms() - fuzzed_forms()
    assert not missing, f"forms with no case in tidlig/tests/fuzz_cases.py: {sorted(missing)}"


def test_it_names_only_forms_that_exist():
    stale = fuzzed_forms() - tidlig_forms()
    assert not stale, f"cases name forms that do not exist: {sorted(stale)}"


def test_it_finds_the_forms_it_is_meant_to_find():
    # why: a discovery that finds nothing would pass the first test by accident
    found = tidlig_forms()
    assert "tidlig.referrals.forms_public.SelfReferralForm" in found
    assert "tidlig.reports.forms.YearForm" in found
    assert len(found) >= 40
