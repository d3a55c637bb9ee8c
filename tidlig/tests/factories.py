"""What the sweeps across apps share: every name of the fixture families, which of them a page shows, and
the public routes that need no id."""

import re

from tidlig.people.models import Child, Guardian

# Public routes that take a signed token rather than an id and show no personal data.
PUBLIC_TOKEN_ROUTES = {"referrals:receipt"}


def family_names(*households) -> set[str]:
    """Every first and last name of the families' children and adults: none may reach an outsider."""
    people = [*Child.objects.all(), *Guardian.objects.all()]
    if households:
        people = [p for p in people if p.household_id in {h.pk for h in households}]
    return {name for p in people for name in (p.first_name, p.last_name) if name}


def names_in(content: bytes, names: set[str]) -> set[str]:
    """Which of `names` a page shows as whole words."""
    text = content.decode("utf-8", "replace")
    return {n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)}
