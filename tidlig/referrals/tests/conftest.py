"""Fixtures the referral tests share."""

import pytest

from tidlig.referrals import forms_public


@pytest.fixture
def no_fill_delay(monkeypatch):
    """Most tests are not about the minimum fill time; the one that is sets it back."""
    monkeypatch.setattr(forms_public, "MIN_FILL_SECONDS", 0)
