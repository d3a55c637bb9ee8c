"""Demo groups: Mestringsluppen (children, parents, school strands) and a parents' group, with sessions,
attendance and group alliance scores; one group is full with a waiting list."""

import datetime as dt
from decimal import Decimal

from tidlig.accounts.models import User
from tidlig.groups import services
from tidlig.groups.models import Strand
from tidlig.measurements.open_instruments import GROUP_ALLIANCE
from tidlig.measurements.queries import active_instrument
from tidlig.offers.models import Offer
from tidlig.people.models import Child, Guardian


def build_groups(*, users: dict[str, User], offers: list[Offer], today: dt.date) -> int:
    sofie, mette = users["sofie"], users["mette"]
    children_offer = next(o for o in offers if o.name == "Grupper for børn, unge og deres forældre")
    parents_offer = next(o for o in offers if o.name == "Forældregrupper")
    start = today - dt.timedelta(days=42)
    luppen = services.create_group(
        actor=sofie,
        offer=children_offer,
        name="Mestringsluppen, efterår",
        starts_on=start,
        ends_on=today + dt.timedelta(days=28),
        capacity=6,
        leaders=[sofie, mette],
        schedule="Tirsdage kl. 15.30-17.00",
        place="Familiehuset, Demoby",
        strands=[
            ("Børnegruppe", Strand.Audience.CHILDREN),
            ("Forældregruppe", Strand.Audience.PARENTS),
            ("Vidensdeling med skolen", Strand.Audience.SCHOOL),
        ],
    )
    # why: children aged 8-14, the target group of Mestringsluppen (Aabenraa Kommune 2025, section 4.1)
    born_from, born_to = today.replace(year=today.year - 14), today.replace(year=today.year - 8)
    kids = list(
        Child.objects.filter(
            household__unit=children_offer.unit, birth_date__range=(born_from, born_to)
        ).order_by("birth_date", "id")[:8]
    )
    enrollments = [services.enroll(luppen, actor=sofie, child=child) for child in kids]  # 6 in, 2 waiting
    enrolled = [e for e in enrollments if e.status == "enrolled"]
    strand = luppen.strands.get(name="Børnegruppe")
    instrument = active_instrument(GROUP_ALLIANCE)
    for week in range(4):
        session = services.record_session(
            luppen,
            actor=sofie,
            date=start + dt.timedelta(days=7 * week),
            strand=strand,
            present={e.pk for i, e in enumerate(enrolled) if (i + week) % 5 != 0},
        )
        for i, e in enumerate(enrolled):
            if (i + week) % 5 == 0:
                continue
            value = Decimal("7.0") + Decimal(week) * Decimal("0.5") + Decimal(i % 3) * Decimal("0.3")
            services.record_group_response(
                actor=sofie,
                group=luppen,
                enrollment=e,
                instrument=instrument,
                session=session,
                scores={p: min(value, Decimal(10)) for p in range(1, 5)},
            )
    parents = services.create_group(
        actor=mette,
        offer=parents_offer,
        name="Forstå din teenager",
        starts_on=today - dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=42),
        capacity=10,
        leaders=[mette],
        schedule="Torsdage kl. 19-21",
        place="Online (Teams)",
        is_digital=True,
        strands=[("Forældregruppe", Strand.Audience.PARENTS)],
    )
    for guardian in Guardian.objects.filter(household__unit=parents_offer.unit).order_by("id")[:5]:
        services.enroll(parents, actor=mette, guardian=guardian)
    return 2
