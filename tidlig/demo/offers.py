"""Aabenraa's 2025 offers (seed 000, section 5.1), legal references exactly as the seed writes them."""

from tidlig.accounts.models import Unit
from tidlig.offers.models import LegalBasis, Offer

F = Offer.Format
# (name, legal reference, format, max contacts, max network meetings, description for families)
AABENRAA_2025 = [
    (
        "Åben anonym rådgivning",
        "Barnets lov § 29 stk. 2",
        F.INDIVIDUAL,
        None,
        None,
        "Ring eller kom forbi og få råd. Du behøver ikke sige, hvem du er.",
    ),
    (
        "Drop ind arrangementer / Oplæg",
        "Barnets lov § 29",
        F.GROUP,
        None,
        None,
        "Korte oplæg og åbne arrangementer for forældre om børns trivsel.",
    ),
    (
        "Fremskudte indsatser / Familiebaser",
        "Barnets lov § 29",
        F.INDIVIDUAL,
        None,
        None,
        "Vi kommer ud, hvor familierne er: i skoler, dagtilbud og boligområder.",
    ),
    (
        "Konsulentbistand / forløb til familier",
        "Barnets lov § 30 stk. 1",
        F.INDIVIDUAL,
        12,
        2,
        "Et kort forløb med samtaler og netværksmøder sammen med jeres familie.",
    ),
    (
        "Integrationsvejledning",
        "Barnets lov § 30 stk. 1",
        F.INDIVIDUAL,
        12,
        2,
        "Vejledning til familier, der er nye i Danmark, om skole, dagtilbud og familieliv.",
    ),
    (
        "Klar til barn – Forældreforberedende kursus",
        "Barnets lov § 30 stk. 2",
        F.GROUP,
        None,
        None,
        "Kursus for kommende forældre, sammen med sundhedsplejen.",
    ),
    (
        "Grupper for børn, unge og deres forældre",
        "Barnets lov § 30 stk. 2",
        F.GROUP,
        None,
        None,
        "Fx for børn i familier med psykisk sårbarhed, søskende, vrede- og angsthåndtering.",
    ),
    (
        "Forældregrupper",
        "Barnets lov § 30 stk. 2",
        F.GROUP,
        None,
        None,
        "Fx forældrekurser om autisme og ADHD, Forstå din teenager og mødregruppe.",
    ),
    (
        "Babysimulator forløb",
        "Barnets lov § 30 stk. 3",
        F.INDIVIDUAL,
        None,
        None,
        "Tilbydes ved graviditet i samarbejde med sundhedsplejen.",
    ),
    (
        "Kriseintervention",
        "Barnets lov § 30 stk. 4",
        F.INDIVIDUAL,
        5,
        1,
        "Hurtig hjælp, når familien står i en akut krise.",
    ),
    (
        "Konsulentbistand til familier med børn med nedsat funktionsevne",
        "Barnets lov § 31",
        F.INDIVIDUAL,
        12,
        2,
        "Rådgivning, når barnet har nedsat fysisk eller psykisk funktionsevne eller adfærdsvanskeligheder.",
    ),
    (
        "Vejledning til familier med børn med varigt nedsat funktionsniveau",
        "Barnets lov § 81 stk. 4",
        F.INDIVIDUAL,
        None,
        None,
        "Vejledning om hverdagen med et barn med varigt nedsat funktionsniveau.",
    ),
]


def build_offers(unit: Unit) -> list[Offer]:
    offers = []
    for name, reference, fmt, max_contacts, max_network, description in AABENRAA_2025:
        basis, _ = LegalBasis.objects.get_or_create(reference=reference)
        offer, _ = Offer.objects.get_or_create(
            unit=unit,
            name=name,
            defaults={
                "legal_basis": basis,
                "format": fmt,
                "max_contacts": max_contacts,
                "max_network_meetings": max_network,
                "description": description,
            },
        )
        offers.append(offer)
    return offers
