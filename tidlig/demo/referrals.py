"""Demo referrals in every state, so the triage board, deadlines and the counselling log have content."""

import datetime as dt
import random

from django.utils import timezone

from tidlig.accounts.models import Competence, InstitutionGroup, Unit, User
from tidlig.referrals import services
from tidlig.referrals.models import AnonymousCounselling, Referral

Source, Door, Channel = Referral.Source, Referral.Door, Referral.Channel


def _child(first, last, years_old, today, group=None):
    born = today.replace(year=today.year - years_old) - dt.timedelta(days=40)
    return services.ChildIn(
        first_name=first, last_name=last, birth_date=born, institution_group_id=group.pk if group else None
    )


def _parent(first, last, relation, serial):
    return services.GuardianIn(
        first_name=first,
        last_name=last,
        phone=f"00 00 09 {serial:02d}",
        email=f"{first.lower()}.{last.lower()}@example.dk",
        relation=relation,
    )


def build_referrals(*, unit: Unit, users: dict[str, User], competences: dict[str, Competence], now) -> int:
    """Eight referrals, arriving over the last three weeks. Arrival times are set afterwards, as the
    demo pretends they came in on earlier days; everything else goes through the services."""
    today = timezone.localdate(now)
    lone, kim, pia, mette, sofie = (users[u] for u in ("lone", "kim", "pia", "mette", "sofie"))
    class_5a = InstitutionGroup.objects.get(institution__name="Nordskolen", name="5.A")
    made: list[tuple[Referral, int]] = []

    def receive(days_ago, **kwargs):
        referral = services.receive_referral(unit=unit, **kwargs)
        made.append((referral, days_ago))
        return referral

    def screen(referral, score, *names, authority=False, bounded=True, note=""):
        return services.screen_referral(
            referral,
            actor=kim,
            wellbeing_score=score,
            motivation="high",
            has_authority_case=authority,
            is_bounded=bounded,
            competences=[competences[n] for n in names],
            note=note,
        )

    receive(
        9,
        door=Door.WEB,
        source=Source.SELF,
        channel=Channel.WEB,
        wish=Referral.Wish.COURSE,
        concern="Vores datter har fået ondt i maven hver morgen før skole og vil ikke sove alene. "
        "Det er blevet værre siden sommerferien.",
        contact_preference="Gerne efter kl. 15 på hverdage",
        children=[_child("Ellen", "Krogh", 11, today)],
        guardians=[_parent("Maja", "Krogh", "mother", 1)],
        referrer_description="Mor",
    )
    receive(
        5,
        door=Door.PARTNER,
        source=Source.SCHOOL,
        channel=Channel.WEB,
        referred_by=pia,
        referrer_description="Lærer, Nordskolen",
        wish=Referral.Wish.COURSE,
        concern="Noah er stille i timerne og har været væk mange dage. Mor fortæller, at han er ked af "
        "forældrenes skilsmisse. Mor vil gerne have hjælp.",
        children=[_child("Noah", "Vestergaard", 11, today, class_5a)],
        guardians=[_parent("Line", "Vestergaard", "mother", 2)],
        consent=services.ConsentIn(given_how="oral"),
    )
    baby = receive(
        3,
        door=Door.STAFF,
        source=Source.HEALTH_VISITOR,
        channel=Channel.PHONE,
        referred_by=kim,
        referrer_description="Sundhedsplejerske",
        wish=Referral.Wish.COURSE,
        concern="Far til en baby på fire måneder er meget træt og usikker. Sundhedsplejersken "
        "oplever, at han har svært ved at knytte sig til barnet.",
        children=[_child("Asta", "Mikkelsen", 0, today)],
        guardians=[_parent("Kasper", "Mikkelsen", "father", 3)],
    )
    screen(baby, 4, "Spædbørn", note="Far er motiveret og vil gerne have hjemmebesøg.")
    divorce = receive(
        2,
        door=Door.WEB,
        source=Source.SELF,
        channel=Channel.WEB,
        wish=Referral.Wish.ADVICE,
        concern="Vi er ved at gå fra hinanden og vil gerne vide, hvordan vi taler med børnene om det.",
        children=[_child("Ida", "Skov", 8, today), _child("Karl", "Skov", 5, today)],
        guardians=[_parent("Jonas", "Skov", "father", 4)],
        referrer_description="Far",
    )
    screen(divorce, 6, "Skilsmisse")
    authority = receive(
        1,
        door=Door.STAFF,
        source=Source.AUTHORITY,
        channel=Channel.INTAKE,
        referred_by=kim,
        referrer_description="Modtagelsen",
        concern="Underretning om en dreng på 14 med højt fravær og "
        "konflikter i hjemmet. Familien har en åben sag i familieafdelingen.",
        children=[_child("Lucas", "Brandt", 14, today)],
        guardians=[_parent("Pia", "Brandt", "mother", 5)],
    )
    screen(authority, 2, authority=True, note="Åben sag hos myndigheden.")
    waiting = receive(
        5,
        door=Door.WEB,
        source=Source.SELF,
        channel=Channel.WEB,
        wish=Referral.Wish.COURSE,
        concern="Vores søn har voldsomme vredesudbrud, og vi ved ikke, hvordan vi skal reagere.",
        children=[_child("William", "Dahl", 9, today)],
        guardians=[_parent("Mette", "Dahl", "mother", 6)],
    )
    screen(waiting, 5, "Vrede")
    services.triage_referral(
        waiting, actor=lone, decision="accept", reason="Afgrænset, motiveret", worker=mette
    )
    contacted = receive(
        10,
        door=Door.WEB,
        source=Source.SELF,
        channel=Channel.WEB,
        wish=Referral.Wish.COURSE,
        concern="Min datter på 15 isolerer sig og spiser meget lidt.",
        children=[_child("Freja", "Holt", 15, today)],
        guardians=[_parent("Anders", "Holt", "father", 7)],
    )
    screen(contacted, 4, "Angst")
    services.triage_referral(contacted, actor=lone, decision="accept", reason="Afgrænset", worker=sofie)
    declined = receive(
        20,
        door=Door.WEB,
        source=Source.OTHER,
        channel=Channel.WEB,
        wish=Referral.Wish.ADVICE,
        concern="Spørgsmål om regler for pasningsordning.",
        children=[_child("Liva", "Berg", 2, today)],
        guardians=[_parent("Sofie", "Berg", "mother", 8)],
    )
    services.triage_referral(
        declined,
        actor=lone,
        decision="decline",
        reason="Ikke et trivselsspørgsmål; familien er vejledt om pladsanvisningen.",
    )
    for referral, days_ago in made:
        received = now - dt.timedelta(days=days_ago, hours=2)
        Referral.objects.filter(pk=referral.pk).update(
            received_at=received, contact_deadline=services.contact_deadline(unit, received)
        )
    Referral.objects.filter(pk=contacted.pk).update(first_contact_at=now - dt.timedelta(days=8))
    return len(made)


def build_counselling(
    *, unit: Unit, recorder: User, rng: random.Random, today: dt.date, count: int = 30
) -> int:
    """A couple of months of open anonymous counselling: statistics only, nobody named."""
    AnonymousCounselling.objects.bulk_create(
        AnonymousCounselling(
            unit=unit,
            date=today - dt.timedelta(days=rng.randrange(0, 60)),
            recorded_by=recorder,
            channel=rng.choice(AnonymousCounselling.Channel.values),
            topic=rng.choice(AnonymousCounselling.Topic.values),
            age_band=rng.choice(AnonymousCounselling.AgeBand.values),
            duration_minutes=rng.choice([10, 15, 20, 30, 45]),
        )
        for _ in range(count)
    )
    return count
