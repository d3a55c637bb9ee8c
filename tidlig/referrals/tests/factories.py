"""A referral as it arrives, for tests of what happens after the door, and what each door's form posts."""

import re

from django.urls import reverse

from tidlig.accounts.models import InstitutionGroup
from tidlig.referrals import services
from tidlig.referrals.forms_intake import new_submission_token
from tidlig.referrals.models import Referral
from tidlig.tests.plugin import born_aged

SELF_REFERRAL_URL = reverse("referrals:self_referral")
CONCERN = "Vores søn Oskar er ked af det og vil ikke i skole om morgenen."
SELF_REFERRAL_FORM = {
    "wish": "course",
    "concern": CONCERN,
    "child_1_first_name": "Oskar",
    "child_1_age": "9",
    "child_1_birth_date": "",
    "first_name": "Sara",
    "last_name": "Lund",
    "relation": "mother",
    "has_custody": "on",
    "phone": "12 34 56 78",
    "email": "",
    "contact_preference": "Hverdage efter kl. 15",
    "website": "",
}


def make_referral(unit, *, concern="Emil er ked af det og vil ikke i skole.", surname="Lund", **overrides):
    data = dict(
        unit=unit,
        door=Referral.Door.STAFF,
        source=Referral.Source.SELF,
        channel=Referral.Channel.PHONE,
        concern=concern,
        children=[services.ChildIn(first_name="Emil", last_name=surname, birth_date=born_aged(10))],
        guardians=[
            services.GuardianIn(first_name="Sara", last_name=surname, phone="20202020", relation="mother")
        ],
    )
    data.update(overrides)
    return services.receive_referral(**data)


def partner_referral_form(**changes) -> dict:
    """What a partner posts to refer Ida with her mother's consent; a change of None leaves a field out."""
    data = {
        "submission_token": new_submission_token(),
        "child-first_name": "Ida",
        "child-last_name": "Holm",
        "child-birth_date": "2016-05-02",
        "guardian-first_name": "Anne",
        "guardian-last_name": "Holm",
        "guardian-phone": "12 34 56 78",
        "guardian-email": "",
        "guardian-relation": "mother",
        "concern": "Ida er stille i klassen og græder tit. Mor siger, at hun sover dårligt.",
        "consent": "on",
        "given_how": "oral",
        "share_back": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def partner_referral_url(group: InstitutionGroup) -> str:
    """The partner referral form of a class."""
    return reverse("referrals:partner_referral", args=[group.uuid])


def self_referral_ticket(client) -> str:
    """The signed ticket the public form hands out, as a browser would read it off the page."""
    page = client.get(SELF_REFERRAL_URL).content.decode()
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def post_self_referral(client, ticket=None, remote_addr="127.0.0.1", **changes):
    """Posts the public form filled in by Sara for her son Oskar, with `changes` on top."""
    data = {
        **SELF_REFERRAL_FORM,
        "ticket": ticket if ticket is not None else self_referral_ticket(client),
        **changes,
    }
    return client.post(SELF_REFERRAL_URL, data, REMOTE_ADDR=remote_addr)
