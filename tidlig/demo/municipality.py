"""The demo municipality's fixed facts: its units, schools and daycares, its staff with their demo logins,
and the name lists its synthetic families are drawn from. Synthetic throughout: no real person, CPR
number or address."""

from dataclasses import dataclass

from tidlig.accounts.models import Unit, User
from tidlig.people.models import GuardianRelation

SEED = 6200
# why: well known on purpose; the login backend refuses is_demo users unless settings.DEMO is on
DEMO_PASSWORD = "demo"  # noqa: S105
TOWN = "6200 Demoby"

PREVENTION = "Tidlig Forebyggelse"
PPR = "PPR"
HEALTH_VISITING = "Sundhedsplejen"
INTAKE = "Modtagelsen"
FAMILY_CENTRE = "Familiecentret"
UNITS = {
    PREVENTION: Unit.Kind.PREVENTION,
    PPR: Unit.Kind.PPR,
    HEALTH_VISITING: Unit.Kind.HEALTH_VISITING,
    INTAKE: Unit.Kind.INTAKE,
    FAMILY_CENTRE: Unit.Kind.FAMILY_CENTRE,
}

NORDSKOLEN = "Nordskolen"
AASKOLEN = "Åskolen"
SCHOOL_CLASSES = {
    NORDSKOLEN: [f"{grade}.{letter}" for grade in range(10) for letter in "AB"],
    AASKOLEN: [f"{grade}.A" for grade in range(11)],
}
# (group, youngest, oldest): vuggestue groups take 0-2 years, børnehave groups 3-5.
DAYCARE_GROUPS = {
    "Vuggestuen Solsikken": [("Mariehønen", 0, 2), ("Græshoppen", 0, 2)],
    "Børnehuset Mælkebøtten": [("Myretuen", 3, 5), ("Bikuben", 3, 5), ("Sommerfuglene", 3, 5)],
    "Dagtilbud Skovly": [("Egernstuen", 0, 2), ("Rævestuen", 3, 5), ("Pindsvinene", 3, 5)],
}
# A family uses either Solsikken and then Mælkebøtten, or the integrated Skovly for all ages.
DAYCARE_TRACKS = (("Vuggestuen Solsikken", "Børnehuset Mælkebøtten"), ("Dagtilbud Skovly",))

COMPETENCES = [
    "Angst",
    "ADHD/autisme",
    "Skilsmisse",
    "Spædbørn",
    "Vrede",
    "Sorg",
    "Mistrivsel i skolen",
    "Forældrekompetencer",
]

# fmt: off
GIRLS = [
    "Emma", "Ida", "Clara", "Freja", "Alma", "Ella", "Sofia", "Agnes", "Karla", "Olivia",
    "Josefine", "Alberte", "Laura", "Nora", "Anna", "Luna", "Lily", "Ellen", "Mathilde", "Asta",
    "Esther", "Vigga", "Marie", "Maja", "Liva", "Frida", "Signe", "Caroline",
]
BOYS = [
    "William", "Noah", "Oscar", "Lucas", "Carl", "Oliver", "Victor", "Malthe", "Alfred", "Emil",
    "Aksel", "Valdemar", "Magnus", "Elias", "Frederik", "August", "Arthur", "Theo", "Felix",
    "Johan", "Villads", "Anton", "Storm", "Viggo", "Mikkel", "Sebastian", "Hjalte",
]
WOMEN = [
    "Anne", "Camilla", "Louise", "Maria", "Julie", "Sara", "Line", "Pernille", "Stine", "Helle",
    "Trine", "Sanne", "Christina", "Katrine", "Rikke", "Tina", "Heidi", "Lene", "Nanna", "Signe",
    "Mia", "Cecilie", "Marianne", "Charlotte",
]
MEN = [
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Martin", "Jesper", "Anders",
    "Rasmus", "Jakob", "Mads", "Kasper", "Nikolaj", "Christian", "Morten", "Mikkel", "Simon",
    "Brian", "Kenneth", "Bo", "Jacob", "Dennis",
]
SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Holm", "Berg", "Lund", "Dahl",
    "Bach", "Vestergaard", "Skov", "Kjær", "Friis", "Lauridsen", "Brandt", "Bruun", "Iversen",
    "Winther", "Østergaard", "Nørgaard", "Mikkelsen", "Frederiksen", "Schmidt", "Clausen", "Ravn",
    "Krogh", "Hedegaard", "Thorsen",
]
STREETS = [
    "Egevej", "Birkevej", "Bøgevej", "Ahornvej", "Kastanjevej", "Lindevej", "Granvej", "Elmevej",
    "Skovvej", "Mosevej", "Engvej", "Søvej", "Bakkevej", "Markvej", "Kirkevej", "Møllevej",
    "Rosenvænget", "Syrenvej", "Hyldevej", "Pilevej", "Åbrinken", "Havrevænget",
]
# fmt: on

HOUSEHOLDS_PER_UNIT = {PREVENTION: 120, PPR: 30, FAMILY_CENTRE: 20}
# Aabenraa: 6 to 12 families per worker. This many of each unit's families have a worker now;
# the rest were helped before and let go (demo/history.py).
ASSIGNED_PER_UNIT = {PREVENTION: 60, PPR: 17, FAMILY_CENTRE: 10}
FIXED_LOADS = {"mette": 6, "sofie": 5, "jonas": 5}
METTE_AT_NORDSKOLEN = 4
OTHERS_CONSENTING_TO_NORDSKOLEN = 3
MOTHER, FATHER, STEP_PARENT = (
    GuardianRelation.Relation.MOTHER,
    GuardianRelation.Relation.FATHER,
    GuardianRelation.Relation.STEP_PARENT,
)


@dataclass(frozen=True)
class Staff:
    username: str
    first_name: str
    last_name: str
    role: str
    title: str = ""
    unit: str = ""
    institution: str = ""
    competences: tuple[str, ...] = ()
    capacity: int | None = None
    is_admin: bool = False


Role = User.Role
# fmt: off
LOGINS = [
    Staff("lone", "Lone", "Kjærgaard", Role.LEADER, "Afdelingsleder", PREVENTION),
    Staff("mette", "Mette", "Lauritsen", Role.WORKER, "Socialrådgiver", PREVENTION,
          competences=("Angst", "Skilsmisse", "Mistrivsel i skolen"), capacity=10),
    Staff("sofie", "Sofie", "Damgaard", Role.WORKER, "Familiebehandler", PREVENTION,
          competences=("Vrede", "Forældrekompetencer"), capacity=8),
    Staff("jonas", "Jonas", "Holst", Role.WORKER, "Psykolog", PPR,
          competences=("ADHD/autisme", "Mistrivsel i skolen"), capacity=10),
    Staff("kim", "Kim", "Bertelsen", Role.COORDINATOR, "Socialrådgiver", PREVENTION),
    Staff("pia", "Pia", "Skovgaard", Role.PARTNER, "Lærer", institution=NORDSKOLEN),
    Staff("ali", "Ali", "Nørgaard", Role.ANALYST, "Dataanalytiker"),
    Staff("admin", "Birgit", "Thygesen", Role.ADMINISTRATOR, "Systemadministrator", is_admin=True),
]
# fmt: on
# Workers without a demo login: they carry the rest of the caseload and fill the load overview.
OTHER_WORKERS = [
    ("Hanne", "Thybo", PREVENTION, "Socialrådgiver"),
    ("Rasmus", "Bech", PREVENTION, "Familiebehandler"),
    ("Camilla", "Juul", PREVENTION, "Pædagog"),
    ("Karina", "Lykke", PREVENTION, "Socialrådgiver"),
    ("Morten", "Aagaard", PREVENTION, "Familiebehandler"),
    ("Signe", "Hald", PREVENTION, "Psykolog"),
    ("Tina", "Bjerre", PREVENTION, "Pædagog"),
    ("Jesper", "Kjeldsen", PREVENTION, "Socialrådgiver"),
    ("Dorthe", "Bang", PREVENTION, "Familiebehandler"),
    ("Marianne", "Svendsen", PPR, "Psykolog"),
    ("Peter", "Lind", PPR, "Psykolog"),
    ("Susanne", "Krog", PPR, "Pædagog"),
    ("Birgitte", "Munk", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Helle", "Storm", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Gitte", "Buus", HEALTH_VISITING, "Sundhedsplejerske"),
    ("Lars", "Fogh", FAMILY_CENTRE, "Familiebehandler"),
    ("Anja", "Brix", FAMILY_CENTRE, "Familiebehandler"),
]


def ascii_name(name: str) -> str:
    return name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"}))
