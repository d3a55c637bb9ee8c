"""A course's rules as pure functions of the facts: no database, no clock. The services call them before
they write; the benchmark's generator, which writes a history in bulk, calls the same functions, so the
rules are written once."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.courses.models import Contact, Course, ExtensionRequest
from tidlig.measurements.models import Instrument, Response
from tidlig.people.models import Child, Guardian

CONTACT_LIMIT_REACHED = gettext_noop(
    "Forløbet har nået grænsen på {limit} kontakter. Bed lederen om en forlængelse med en begrundelse."
)
NETWORK_LIMIT_REACHED = gettext_noop(
    "Forløbet har nået grænsen på {limit} netværksmøder. Bed lederen om en forlængelse med en begrundelse."
)
CONTACT_BEFORE_START = gettext_noop("Kontakten kan ikke ligge før opstartsmødet ({start}).")
CONTACT_IN_FUTURE = gettext_noop("Kontakten kan ikke ligge i fremtiden.")
NETWORK_WITHOUT_NETWORK = gettext_noop(
    "Et netværksmøde skal have deltagere fra det private netværk eller fagpersoner."
)
MISSING_END = gettext_noop(
    "Forløbet kan ikke afsluttes uden slutmåling på Trivselslinealen og metafeedback, "
    "medmindre du skriver, hvorfor de mangler."
)
COURSE_CLOSED = gettext_noop("Forløbet er afsluttet og kan ikke ændres.")
CONTACT_REQUIRED = gettext_noop("Vælg den kontakt, målingen hører til.")
ROLE_NOT_ALLOWED = gettext_noop("“{instrument}” besvares ikke af {role}.")
RESPONDENT_MISSING = gettext_noop("Vælg, hvem der har svaret.")
NOT_IN_HOUSEHOLD = gettext_noop("Personen hører ikke til familien i forløbet.")
AGE_OUTSIDE = gettext_noop("“{instrument}” passer til alderen {ages}. {name} er {age} år.")
EXTRA_RANGE = gettext_noop("Bed om mellem 1 og 12 ekstra.")
EXTENSION_REASON = gettext_noop("Skriv en begrundelse til lederen.")


def check_contact(
    course: Course, *, date: dt.date, kind: str, private_network: str, professionals: str, on: dt.date
) -> None:
    """A contact on `date`, recorded on the day `on`: not before the start meeting, not in the future, and
    a network meeting has someone from the private network or a professional."""
    if date < course.start_meeting_on:
        raise ValidationError(
            _(CONTACT_BEFORE_START).format(start=course.start_meeting_on.strftime("%d.%m.%Y"))
        )
    if date > on:
        raise ValidationError(_(CONTACT_IN_FUTURE))
    if kind == Contact.Kind.NETWORK_MEETING and not (private_network.strip() or professionals.strip()):
        raise ValidationError(_(NETWORK_WITHOUT_NETWORK))


def check_contact_limits(course: Course, *, kind: str, contacts: int, network_meetings: int) -> None:
    """One more contact of `kind`, after `contacts` of which `network_meetings` were network meetings,
    stays within the offer's limits plus the approved extensions (Aabenraa: 12 contacts including 2
    network meetings; Skive: 5). Raises the message the worker sees."""
    if course.contact_limit is not None and contacts >= course.contact_limit:
        raise ValidationError(_(CONTACT_LIMIT_REACHED).format(limit=course.contact_limit), code="limit")
    if (
        kind == Contact.Kind.NETWORK_MEETING
        and course.network_meeting_limit is not None
        and network_meetings >= course.network_meeting_limit
    ):
        raise ValidationError(
            _(NETWORK_LIMIT_REACHED).format(limit=course.network_meeting_limit), code="limit"
        )


def check_closing(
    *, children: set, ended: set, has_metafeedback: bool, missing_measurements_reason: str
) -> None:
    """Closing needs the end Trivselslineal for every child (`ended` holds the children placed at the end)
    and the family's metafeedback, unless the worker records why they are missing."""
    if (not children <= ended or not has_metafeedback) and not missing_measurements_reason.strip():
        raise ValidationError(_(MISSING_END), code="missing_end")


def check_extension_request(*, extra: int, reason: str) -> None:
    """A request for 1-12 more contacts or network meetings, with a reason for the leader."""
    if extra < 1 or extra > 12:
        raise ValidationError(_(EXTRA_RANGE))
    if not reason.strip():
        raise ValidationError(_(EXTENSION_REASON))


def limit_raised_by(request: ExtensionRequest) -> str:
    """The course's field an approved request adds its `extra` to."""
    return "extra_contacts" if request.kind == ExtensionRequest.Kind.CONTACTS else "extra_network_meetings"


CHILD_ROLES = (Response.Role.CHILD, Response.Role.YOUNG)


def check_respondent(
    course: Course, instrument: Instrument, role: str, child: Child | None, guardian: Guardian | None, on
) -> None:
    """The respondent suits the instrument: its role, the course's family, and for a child the age band
    on the day `on` (the PCOMS age bands: CORS 6-12, ORS from 13)."""
    if role not in Response.Role.values or role not in (instrument.respondent_roles or []):
        label = Response.Role(role).label.lower() if role in Response.Role.values else role
        raise ValidationError(_(ROLE_NOT_ALLOWED).format(instrument=instrument.name, role=label), code="role")
    if role in CHILD_ROLES:
        if child is None or guardian is not None:
            raise ValidationError(_(RESPONDENT_MISSING), code="respondent")
    elif child is not None or (role == Response.Role.PARENT and guardian is None):
        raise ValidationError(_(RESPONDENT_MISSING), code="respondent")
    person = child or guardian
    if person is not None and person.household_id != course.household_id:
        raise ValidationError(_(NOT_IN_HOUSEHOLD), code="household")
    if child is not None:
        age = child.age_on(on)
        low, high = instrument.age_min, instrument.age_max
        if (low is not None and age < low) or (high is not None and age > high):
            if low is not None and high is not None:
                ages = f"{low}-{high} år"
            elif low is not None:
                ages = _("fra %(low)s år") % {"low": low}
            else:
                ages = _("til og med %(high)s år") % {"high": high}
            raise ValidationError(
                _(AGE_OUTSIDE).format(instrument=instrument.name, ages=ages, name=child.first_name, age=age),
                code="age",
            )
