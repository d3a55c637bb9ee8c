"""Users, the units they work in, the institutions partners belong to, and workers' competences."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_name


class Unit(models.Model):
    """An organisational unit of the municipality: Tidlig Forebyggelse, PPR, Sundhedsplejen, ..."""

    class Kind(models.TextChoices):
        PREVENTION = "prevention", _("Tidlig forebyggelse")
        PPR = "ppr", _("PPR")
        HEALTH_VISITING = "health_visiting", _("Sundhedspleje")
        INTAKE = "intake", _("Modtagelse")
        FAMILY_CENTRE = "family_centre", _("Familiecenter")
        OTHER = "other", _("Anden enhed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120, unique=True, validators=[validate_name])
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    contact_deadline_days = models.PositiveSmallIntegerField(
        _("frist for første kontakt (dage)"),
        default=7,
        help_text=_("Skive lover kontakt inden en uge; Aabenraa samme dag, når det kan lade sig gøre."),
    )
    receives_public_referrals = models.BooleanField(
        _("modtager henvendelser fra den offentlige formular"),
        default=False,
        help_text=_("Højst én enhed modtager familiernes egne henvendelser."),
    )
    # why: the administration's edit form names the version it was based on (decision 0017)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["receives_public_referrals"],
                condition=models.Q(receives_public_referrals=True),
                name="one_unit_receives_public_referrals",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    """A school or daycare in the universal services (almenområdet)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("Skole")
        DAYCARE = "daycare", _("Dagtilbud")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=120, unique=True, validators=[validate_name])
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    referral_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referring_institutions",
        verbose_name=_("henvisninger går til"),
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutioner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstitutionGroup(models.Model):
    """A class at a school or a group (stue) at a daycare."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="groups", verbose_name=_("institution")
    )
    name = models.CharField(_("navn"), max_length=60, validators=[validate_name])

    class Meta:
        verbose_name = _("klasse eller gruppe")
        verbose_name_plural = _("klasser og grupper")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unique_group_per_institution")
        ]

    def __str__(self) -> str:
        return f"{self.institution.name}, {self.name}"


class Competence(models.Model):
    """What a worker is good at (angst, ADHD/autisme, skilsmisse, ...); triage matches on it."""

    name = models.CharField(_("navn"), max_length=60, unique=True, validators=[validate_name])

    class Meta:
        verbose_name = _("kompetence")
        verbose_name_plural = _("kompetencer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. The role says what they do; unit or institution says where."""

    class Role(models.TextChoices):
        WORKER = "worker", _("Medarbejder")
        LEADER = "leader", _("Leder")
        COORDINATOR = "coordinator", _("Koordinator")
        PARTNER = "partner", _("Samarbejdspartner")
        ANALYST = "analyst", _("Analytiker")
        ADMINISTRATOR = "administrator", _("Administrator")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    title = models.CharField(_("stilling"), max_length=80, blank=True, validators=[validate_name])
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("enhed"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("institution"),
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="workers", verbose_name=_("kompetencer")
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapacitet (familier)"),
        null=True,
        blank=True,
        help_text=_("Hvor mange familier medarbejderen kan have ad gangen."),
    )
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("Demo-brugere kan kun logge ind, når demo-tilstand er slået til."),
    )
    must_change_password = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    UNIT_ROLES = (Role.WORKER, Role.LEADER, Role.COORDINATOR)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in self.UNIT_ROLES and not self.unit_id:
            raise ValidationError(
                {"unit": _("En medarbejder, leder eller koordinator skal høre til en enhed.")}
            )
        if self.role == self.Role.PARTNER and not self.institution_id:
            raise ValidationError({"institution": _("En samarbejdspartner skal høre til en institution.")})

    @property
    def is_worker(self) -> bool:
        return self.role == self.Role.WORKER

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_partner(self) -> bool:
        return self.role == self.Role.PARTNER

    @property
    def is_analyst(self) -> bool:
        return self.role == self.Role.ANALYST

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR

    @property
    def manages_unit(self) -> bool:
        """Leaders and coordinators see and organise the whole unit's families."""
        return self.role in (self.Role.LEADER, self.Role.COORDINATOR)
