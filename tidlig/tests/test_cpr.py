"""CPR validation: 10 ASCII digits and a real date by the century table; modulus 11 is never a rule."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidlig.lib.cpr import (
    InvalidCpr,
    birth_date_from_cpr,
    mask_cpr,
    normalize_cpr,
    passes_modulus_11,
)


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("0101651234", dt.date(1965, 1, 1)),  # digit 7 = 1: 1900s
        ("1403174321", dt.date(2017, 3, 14)),  # digit 7 = 4, YY <= 36: 2000s
        ("1403504321", dt.date(1950, 3, 14)),  # digit 7 = 4, YY > 36: 1900s
        ("0102205678", dt.date(2020, 2, 1)),  # digit 7 = 5, YY <= 57: 2000s
        ("0102605678", dt.date(1860, 2, 1)),  # digit 7 = 5, YY > 57: 1800s
        ("2902089123", dt.date(2008, 2, 29)),  # digit 7 = 9, leap day
    ],
)
def test_it_reads_the_century_from_digit_7(cpr, born):
    assert birth_date_from_cpr(cpr) == born


def test_it_accepts_a_valid_number_that_fails_modulus_11():
    assert not passes_modulus_11("0101651235")
    assert normalize_cpr("010165-1235") == "0101651235"


@pytest.mark.parametrize(
    "raw",
    [
        "010165123",  # 9 digits
        "01016512345",  # 11 digits
        "310299-1234",  # 31 February
        "000000-0000",
        "٠١٠١٦٥١٢٣٤",  # Arabic-Indic digits
        "０１０１６５１２３４",  # full-width digits
        "0101651234\x00",
        "01-01-65-1234",
        "abcdefghij",
        "",
    ],
)
def test_it_rejects_malformed_numbers(raw):
    with pytest.raises(InvalidCpr):
        normalize_cpr(raw)


def test_it_allows_spaces_and_one_hyphen():
    assert normalize_cpr(" 010165 1234 ") == "0101651234"


def test_it_masks_the_serial_number():
    assert mask_cpr("0101651234") == "010165-xxxx"


@given(st.text(max_size=30))
def test_it_never_crashes_and_only_returns_ten_ascii_digits(raw):
    try:
        result = normalize_cpr(raw)
    except InvalidCpr:
        return
    assert len(result) == 10
    assert result.isascii()
    assert result.isdigit()


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2036, 12, 31)), st.integers(0, 999))
def test_it_accepts_every_real_birth_date(born, serial):
    digit7 = 0 if born.year < 2000 else 4
    cpr = f"{born:%d%m%y}{digit7}{serial:03d}"
    assert birth_date_from_cpr(normalize_cpr(cpr)) == born
