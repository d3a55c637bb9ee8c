"""CPR numbers: validated by length, digits and date only (modulus 11 is no rule since 2007)."""

import datetime as dt
import re

# Only ASCII digits count: str.isdigit() would also accept Arabic-Indic and full-width digits.
_CPR_RE = re.compile(r"^[0-9]{6}-?[0-9]{4}$")


class InvalidCpr(ValueError):
    pass


def birth_date_from_cpr(cpr: str) -> dt.date:
    """The birth date encoded in a 10-digit CPR, using CPR-kontoret's century table on digit 7."""
    day, month, yy, digit7 = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if digit7 <= 3:
        century = 1900
    elif digit7 in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return dt.date(century + yy, month, day)
    except ValueError as e:
        raise InvalidCpr("date") from e


def normalize_cpr(raw: str) -> str:
    """Return the CPR as 10 ASCII digits, or raise InvalidCpr. Spaces and one hyphen are allowed."""
    text = raw.strip().replace(" ", "")
    if not _CPR_RE.fullmatch(text):
        raise InvalidCpr("format")
    digits = text.replace("-", "")
    birth_date_from_cpr(digits)
    return digits


def passes_modulus_11(cpr: str) -> bool:
    """Informational only: a valid CPR may fail this (numbers issued since 1 October 2007)."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(cpr, weights, strict=True)) % 11 == 0


def mask_cpr(cpr: str) -> str:
    """DDMMYY-xxxx: enough for a worker to recognise the child, never the whole number."""
    return f"{cpr[:6]}-xxxx"
