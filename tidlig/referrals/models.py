"""Henvendelser: the one door in (self, partner, staff), screening, triage, and anonymous counselling."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Competence, Unit
from tidlig.lib.text import validate_plain_text
from tidlig.measurements.models import WellbeingScale
from tidlig.people.models import Household

CONCERN_MAX_LENGTH = 5000


class Referral(models.Model):
    """A request for help about one family. No formal case is opened (Skive Kommune: "der oprettes ikke
    sag")."""

    class Source(models.TextChoices):
        SELF = "self", _("Familien selv")
        SCHOOL = "school", _("Skole")
        DAYCARE = "daycare", _("Dagtilbud")
        HEALTH_VISITOR = "health_visitor", _("Sundhedsplejen")
        DENTAL = "dental", _("Tandplejen")
        AUTHORITY = "authority", _("Myndighed (Modtagelsen)")
        OTHER = "other", _("Andre")

    class Door(models.TextChoices):
        WEB = "web", _("Selvhenvendelse på nettet")
        PARTNER = "partner", _("Henvisning fra samarbejdspartner")
        STAFF = "staff", _("Registreret af medarbejder")

    class Channel(models.TextChoices):
        WEB = "web", _("Webformular")
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Personligt fremmøde")
        INTAKE = "intake", _("Fra Modtagelsen")

    class Wish(models.TextChoices):
        ADVICE = "advice", _("Råd og vejledning")
        COURSE = "course", _("Et forløb")
        UNSURE = "unsure", _("Ved ikke endnu")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        SCREENED = "screened", _("Screenet")
        ACCEPTED = "accepted", _("Visiteret")
        FORWARDED = "forwarded", _("Sendt videre")
        DECLINED = "declined", _("Afvist")

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Visiter til Tidlig Forebyggelse")
        FORWARD = "forward", _("Send videre")
        DECLINE = "decline", _("Afvis")

    class ForwardTo(models.TextChoices):
        AUTHORITY = "authority", _("Myndighed (børne- og familieafdelingen)")
        PPR = "ppr", _("PPR")
        HEALTH_VISITING = "health_visiting", _("Sundhedsplejen")
        CIVIL_SOCIETY = "civil_society", _("Civilsamfundet (forening, frivillige)")

    class Motivation(models.TextChoices):
        HIGH = "high", _("Familien ønsker selv hjælp og er klar")
        SOME = "some", _("Familien er åben, men usikker")
        LOW = "low", _("Familien er ikke motiveret lige nu")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="referrals")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("enhed")
    )
    received_at = models.DateTimeField(_("modtaget"), default=timezone.now, db_index=True)
    door = models.CharField(_("vej ind"), max_length=10, choices=Door.choices)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("henvist eller registreret af"),
    )
    referrer_description = models.CharField(
        _("henviser"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("Fx “mor”, “klasselærer i 4.A” eller “sundhedsplejerske”."),
    )
    concern = models.TextField(
        _("bekymringen med familiens egne ord"),
        max_length=CONCERN_MAX_LENGTH,
        validators=[validate_plain_text],
    )
    wish = models.CharField(_("ønsker"), max_length=10, choices=Wish.choices, default=Wish.UNSURE)
    contact_preference = models.CharField(
        _("hvornår og hvordan vil familien kontaktes"),
        max_length=300,
        blank=True,
        validators=[validate_plain_text],
    )
    contact_deadline = models.DateField(_("frist for første kontakt"))
    # A form's one-time token: the same submission twice (a double click) makes one referral.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)

    # Screening (docs/product.md; Skive Kommune uses the Trivselslineal to decide the target group).
    wellbeing_scale = models.ForeignKey(WellbeingScale, on_delete=models.PROTECT, null=True, blank=True)
    wellbeing_score = models.PositiveSmallIntegerField(
        _("placering på Trivselslinealen"), null=True, blank=True
    )
    motivation = models.CharField(
        _("familiens motivation"), max_length=10, choices=Motivation.choices, blank=True
    )
    has_authority_case = models.BooleanField(_("barnet har en åben sag hos myndigheden"), null=True)
    is_bounded = models.BooleanField(_("problemet er afgrænset"), null=True)
    competences_needed = models.ManyToManyField(
        Competence, blank=True, related_name="referrals", verbose_name=_("kompetencer der er brug for")
    )
    screening_note = models.TextField(
        _("note fra screeningen"), max_length=2000, blank=True, validators=[validate_plain_text]
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking of the screening: a save carries the version it read; a stale one is a conflict.
    version = models.PositiveIntegerField(default=1)

    # Triage (the leader's weekly board).
    decision = models.CharField(_("beslutning"), max_length=10, choices=Decision.choices, blank=True)
    forwarded_to = models.CharField(
        _("sendt videre til"), max_length=20, choices=ForwardTo.choices, blank=True
    )
    decision_reason = models.TextField(
        _("begrundelse"), max_length=2000, blank=True, validators=[validate_plain_text]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_referrals",
        verbose_name=_("medarbejder"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    # Service level: recording the first contact stops the clock.
    first_contact_at = models.DateTimeField(_("første kontakt"), null=True, blank=True)

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["unit", "status", "received_at"], name="referral_board_idx")]

    def __str__(self) -> str:
        return f"{self.household} {self.received_at:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("referrals:detail", args=[self.uuid])

    @property
    def reference(self) -> str:
        """A short number the family can quote on the phone; not a secret and not a key."""
        return self.uuid.hex[:8].upper()

    def days_waiting(self, on: dt.date) -> int:
        return (on - timezone.localtime(self.received_at).date()).days

    def days_to_first_contact(self) -> int | None:
        if self.first_contact_at is None:
            return None
        return (
            timezone.localtime(self.first_contact_at).date() - timezone.localtime(self.received_at).date()
        ).days

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.SCREENED)

    @property
    def wellbeing_band(self) -> dict | None:
        if self.wellbeing_score is None or self.wellbeing_scale is None:
            return None
        return self.wellbeing_scale.band_for(self.wellbeing_score)


class AnonymousCounselling(models.Model):
    """Open anonymous counselling (Barnets lov § 29): statistics only. There is no field for identity."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telefon")
        DROP_IN = "drop_in", _("Drop-in")
        CHAT = "chat", _("Chat")
        MAIL = "mail", _("Mail")

    class Topic(models.TextChoices):
        WELLBEING = "wellbeing", _("Trivsel og mistrivsel")
        ANXIETY = "anxiety", _("Angst og bekymringer")
        DIVORCE = "divorce", _("Skilsmisse og samvær")
        BEHAVIOUR = "behaviour", _("Adfærd og vrede")
        SCHOOL = "school", _("Skole og fravær")
        PARENTING = "parenting", _("Forældrerollen")
        GRIEF = "grief", _("Sorg og kriser")
        DIAGNOSIS = "diagnosis", _("Diagnoser (fx ADHD, autisme)")
        PREGNANCY = "pregnancy", _("Graviditet og spædbørn")
        OTHER = "other", _("Andet")

    class AgeBand(models.TextChoices):
        UNBORN = "unborn", _("Ufødt")
        AGE_0_5 = "0-5", _("0-5 år")
        AGE_6_12 = "6-12", _("6-12 år")
        AGE_13_17 = "13-17", _("13-17 år")
        AGE_18_23 = "18-23", _("18-23 år")
        UNKNOWN = "unknown", _("Ikke oplyst")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("dato"))
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("emne"), max_length=20, choices=Topic.choices)
    age_band = models.CharField(_("barnets alder"), max_length=10, choices=AgeBand.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("varighed (minutter)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("åben anonym rådgivning")
        verbose_name_plural = _("åben anonym rådgivning")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_topic_display()}"


class PublicSubmission(models.Model):
    """One row per public form post, to rate-limit by address. The address is kept only as a keyed
    digest and rows older than a day are pruned, so nothing here identifies a citizen."""

    address_digest = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}"
