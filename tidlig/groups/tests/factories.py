"""Groups as tests need them: a group offer, a running group with two strands, a child to enroll."""

import datetime as dt

from tidlig.groups import services
from tidlig.groups.models import Group
from tidlig.lib.dates import today
from tidlig.offers.models import LegalBasis, Offer
from tidlig.people.models import Child


def make_group_offer(unit, *, name="Mestringsluppen", format=Offer.Format.GROUP) -> Offer:
    basis, _ = LegalBasis.objects.get_or_create(reference="Barnets lov § 30")
    return Offer.objects.create(name=name, legal_basis=basis, unit=unit, format=format)


def make_group(unit, leader, *, actor=None, capacity=3, name="Mestringsluppen forår") -> Group:
    """A group that began four weeks ago and runs four more, led by `leader`."""
    return services.create_group(
        actor=actor or leader,
        offer=make_group_offer(unit, name=f"Tilbud til {name}"),
        name=name,
        starts_on=today() - dt.timedelta(days=28),
        ends_on=today() + dt.timedelta(days=28),
        capacity=capacity,
        leaders=[leader],
        strands=[("Børnegruppe", "children"), ("Forældregruppe", "parents")],
    )


def add_child(household, first_name="Ida", birth_date=dt.date(2016, 1, 10)) -> Child:
    return Child.objects.create(
        household=household, first_name=first_name, last_name="Holm", birth_date=birth_date
    )
