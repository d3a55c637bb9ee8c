"""Anonymity rules for the results page (docs/product.md, Privacy).

- A count of 1-4 is never shown: the page says "under 5".
- A share, mean or median resting on fewer than 5 is not shown: the page says "for få til at vise".
- Nor is a share whose numerator, or the rest of its denominator, is 1-4: with the denominator shown,
  the percentage would give that small count back (3 of 6 = 50 % reveals the 3).
- In a breakdown, if exactly one cell is hidden and the total is shown, the next smallest cell is
  hidden too, so the hidden one cannot be found by subtracting the others from the total.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tidlig.lib.stats import SUPPRESSION_THRESHOLD, suppress

# Why a value is not shown. Empty means it is shown.
SHOWN = ""
NO_DATA = "no_data"
UNDER_5 = "under_5"  # a count of 1-4
TOO_FEW = "too_few"  # a share or mean resting on fewer than 5
HIDDEN = "hidden"  # hidden in a breakdown so another hidden cell cannot be worked out

ONE_DECIMAL = Decimal("0.1")


def round1(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def count(n: int) -> tuple[int | None, str]:
    """A count as it may be shown, and why not if not."""
    shown = suppress(n)
    return shown, (UNDER_5 if shown is None else SHOWN)


@dataclass(frozen=True)
class Share:
    value: Decimal | None  # percent, one decimal; None when it may not be shown
    numerator: int | None
    denominator: int | None
    hidden: str
    raw: Decimal | None = None  # the computed percent, for tests and never for a page or an export


def _small(n: int) -> bool:
    return 0 < n < SUPPRESSION_THRESHOLD


def share(numerator: int, denominator: int) -> Share:
    """numerator/denominator in percent. No denominator: no data. A denominator under 5, or a numerator
    or remainder of 1-4 (which the percentage and the denominator would give back): not shown."""
    if denominator == 0:
        return Share(None, None, None, NO_DATA)
    raw = round1(Decimal(100) * numerator / denominator)
    if denominator < SUPPRESSION_THRESHOLD or _small(numerator) or _small(denominator - numerator):
        return Share(None, None, None, TOO_FEW, raw)
    return Share(raw, numerator, denominator, SHOWN, raw)


def mean_of(values: list, *, minimum: int = SUPPRESSION_THRESHOLD) -> tuple[Decimal | None, str]:
    """A mean of fewer than 5 values would come close to one person's own value: not shown."""
    return mean_from(sum((Decimal(v) for v in values), Decimal(0)), len(values), minimum=minimum)


def mean_from(total, n: int, *, minimum: int = SUPPRESSION_THRESHOLD) -> tuple[Decimal | None, str]:
    """mean_of from the database's sum and count of the values."""
    if not n:
        return None, NO_DATA
    if n < minimum:
        return None, TOO_FEW
    return round1(Decimal(total or 0) / n), SHOWN


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    value: int | None
    hidden: str


@dataclass(frozen=True)
class Breakdown:
    code: str
    label: str
    cells: tuple[Cell, ...]
    total: int | None
    total_hidden: str


def suppress_breakdown(code: str, label: str, counts: list[tuple[str, str, int]]) -> Breakdown:
    """Primary suppression of 1-4, then complementary suppression: when exactly one cell is hidden and
    the total is shown, the smallest other non-zero cell is hidden as well."""
    total = sum(n for _, _, n in counts)
    shown_total, total_hidden = count(total)
    hidden = {key: UNDER_5 for key, _, n in counts if 0 < n < SUPPRESSION_THRESHOLD}
    if len(hidden) == 1 and shown_total is not None:
        others = sorted((n, i) for i, (key, _, n) in enumerate(counts) if key not in hidden and n > 0)
        if others:
            hidden[counts[others[0][1]][0]] = HIDDEN
    cells = tuple(
        Cell(key, label_, None if key in hidden else n, hidden.get(key, SHOWN)) for key, label_, n in counts
    )
    return Breakdown(code, label, cells, shown_total, total_hidden)
