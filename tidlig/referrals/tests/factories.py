"""A referral as it arrives, for tests of what happens after the door."""

from conftest import born_aged
from tidlig.referrals import services
from tidlig.referrals.models import Referral


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
