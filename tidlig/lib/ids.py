"""Object ids from URLs and forms."""

import uuid


def uuid_or_none(value) -> uuid.UUID | None:
    """The UUID a URL or form names, or None for anything else (so a lookup finds nothing)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
