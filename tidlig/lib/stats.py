"""Anonymity rules for aggregate statistics: a count below the threshold is never shown."""

SUPPRESSION_THRESHOLD = 5


def suppress(count: int, *, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """None where a count (other than zero) could single out a family; the page shows '<5'."""
    if 0 < count < threshold:
        return None
    return count
