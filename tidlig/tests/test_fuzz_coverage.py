"""Every form in Tidlig is fuzzed: a new form without a case in its app's tests/fuzz_cases*.py fails here."""

from django import forms

from tidlig.tests.fuzz_registry import all_cases, import_every_module, subclasses


def tidlig_forms() -> set[str]:
    import_every_module()
    return {
        f"{c.__module__}.{c.__qualname__}"
        for c in subclasses(forms.BaseForm)
        if c.__module__.startswith("tidlig.") and ".tests." not in c.__module__
    }


def fuzzed_forms() -> set[str]:
    return {name for case in all_cases() for name in case.forms}


def test_it_fuzzes_every_form():
    missing = tidlig_forms() - fuzzed_forms()
    assert not missing, f"forms with no case in tidlig/<app>/tests/fuzz_cases*.py: {sorted(missing)}"


def test_it_names_only_forms_that_exist():
    stale = fuzzed_forms() - tidlig_forms()
    assert not stale, f"cases name forms that do not exist: {sorted(stale)}"


def test_it_finds_the_forms_it_is_meant_to_find():
    # why: a discovery that finds nothing would pass the first test by accident
    found = tidlig_forms()
    assert "tidlig.referrals.forms_public.SelfReferralForm" in found
    assert "tidlig.reports.forms.YearForm" in found
    assert len(found) >= 40
