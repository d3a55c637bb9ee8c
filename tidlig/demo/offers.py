"""Aabenraa's 2025 offers (Aabenraa Kommune 2025, section 5.1), legal references exactly as the agreement
writes them."""

from tidlig.accounts.models import Unit
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme

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


THEMES = [
    "Angst",
    "ADHD/autisme",
    "Skilsmisse",
    "Vrede",
    "Sorg og kriser",
    "Spædbørn og graviditet",
    "Psykisk sårbarhed i familien",
    "Forældrerollen",
    "Mistrivsel i skolen",
    "Integration",
]
# name -> (ladder step, themes, age from, age to); the rest of the catalogue is general.
PLACEMENT = {
    "Åben anonym rådgivning": (1, [], None, None),
    "Drop ind arrangementer / Oplæg": (1, ["Forældrerollen"], None, None),
    "Fremskudte indsatser / Familiebaser": (1, ["Mistrivsel i skolen"], 6, 17),
    "Konsulentbistand / forløb til familier": (
        2,
        ["Angst", "Skilsmisse", "Vrede", "Mistrivsel i skolen"],
        0,
        17,
    ),
    "Integrationsvejledning": (2, ["Integration"], 0, 17),
    "Klar til barn – Forældreforberedende kursus": (2, ["Spædbørn og graviditet"], 0, 0),
    "Grupper for børn, unge og deres forældre": (
        2,
        ["Psykisk sårbarhed i familien", "Vrede", "Angst"],
        6,
        17,
    ),
    "Forældregrupper": (2, ["ADHD/autisme", "Forældrerollen"], 6, 17),
    "Babysimulator forløb": (2, ["Spædbørn og graviditet"], 13, 17),
    "Kriseintervention": (2, ["Sorg og kriser"], 0, 17),
    "Konsulentbistand til familier med børn med nedsat funktionsevne": (2, ["ADHD/autisme"], 0, 17),
    "Vejledning til familier med børn med varigt nedsat funktionsniveau": (2, ["ADHD/autisme"], 0, 17),
}


def build_offers(unit: Unit) -> list[Offer]:
    themes = {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}
    steps = {s.position: s for s in LadderStep.objects.all()}
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
        step, names, age_min, age_max = PLACEMENT[name]
        offer.step, offer.age_min, offer.age_max = steps.get(step), age_min, age_max
        offer.save(update_fields=["step", "age_min", "age_max"])
        offer.themes.set([themes[n] for n in names])
        offers.append(offer)
    return offers
