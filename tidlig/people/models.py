"""Children, the adults around them, and the household (familie) that links them."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import InstitutionGroup, Unit
from tidlig.lib import crypto
from tidlig.lib.cpr import mask_cpr
from tidlig.lib.dates import age_on, today
from tidlig.lib.text import validate_name, validate_plain_text


class Household(models.Model):
    """A family as Tidlig knows it: the children and the adults who care for them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("familiens navn"),
        max_length=120,
        validators=[validate_name],
        help_text=_("Fx “Familien Holm”. Bruges i lister i stedet for børnenes navne."),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="households", verbose_name=_("ansvarlig enhed")
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    # Set by the retention job in the same transaction that overwrites the family's identity (decision
    # 0016). It is not the deletion, only what keeps the anonymous remains out of every list.
    anonymised_on = models.DateField(_("anonymiseret"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("familie")
        verbose_name_plural = _("familier")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:household", args=[self.uuid])


class HouseholdAssignment(models.Model):
    """A worker's responsibility for a family, from assignment until it ends."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("medarbejder"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "worker"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_assignment_per_worker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.household}"


class Child(models.Model):
    """A child or young person. CPR is optional, encrypted at rest, never a key and never listed."""

    AUDIT_PERSON_TYPE = "child"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="children", verbose_name=_("familie")
    )
    # Names may be blank: a family asking only for advice need not give them (Barnets lov §§ 28-29).
    first_name = models.CharField(_("fornavn"), max_length=80, blank=True, validators=[validate_name])
    last_name = models.CharField(_("efternavn"), max_length=80, blank=True, validators=[validate_name])
    birth_date = models.DateField(_("fødselsdato"))
    birth_date_is_estimate = models.BooleanField(
        _("fødselsdato anslået ud fra alder"),
        default=False,
        help_text=_("Familien oplyste kun alderen; datoen er 1. januar i det anslåede fødselsår."),
    )
    cpr_encrypted = models.TextField(blank=True, editable=False)
    cpr_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    institution_group = models.ForeignKey(
        InstitutionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("skole eller dagtilbud"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: an edit carries the version it read; a stale version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("børn")
        ordering = ["birth_date", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:child", args=[self.uuid])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("Barn uden navn"))

    @property
    def age(self) -> int:
        return age_on(self.birth_date, today())

    @property
    def age_text(self) -> str:
        """ "9 år", or "ca. 9 år" while the birth date is only estimated from an age the family gave: an
        estimate is never shown as a date, until someone enters the real one."""
        if self.birth_date_is_estimate:
            return gettext("ca. %(age)s år") % {"age": self.age}
        return gettext("%(age)s år") % {"age": self.age}

    @property
    def age_short(self) -> str:
        """ "9", or "ca. 9" for an estimate: for lists that show the age in brackets after the name."""
        return gettext("ca. %(age)s") % {"age": self.age} if self.birth_date_is_estimate else str(self.age)

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_encrypted)

    @property
    def cpr(self) -> str:
        return crypto.decrypt(self.cpr_encrypted) if self.cpr_encrypted else ""

    @property
    def cpr_masked(self) -> str:
        return mask_cpr(self.cpr) if self.cpr_encrypted else ""

    def set_cpr(self, cpr: str) -> None:
        """cpr must already be normalised (tidlig.lib.cpr.normalize_cpr)."""
        self.cpr_encrypted = crypto.encrypt(cpr) if cpr else ""
        self.cpr_digest = crypto.lookup_digest(cpr) if cpr else ""

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)


class Guardian(models.Model):
    """An adult in the family: parent, step-parent, foster carer. Custody is per child."""

    AUDIT_PERSON_TYPE = "guardian"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("familie")
    )
    first_name = models.CharField(_("fornavn"), max_length=80, blank=True, validators=[validate_name])
    last_name = models.CharField(_("efternavn"), max_length=80, blank=True, validators=[validate_name])
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True, validators=[validate_plain_text])
    children = models.ManyToManyField(Child, through="GuardianRelation", related_name="guardians")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forælder eller anden voksen")
        verbose_name_plural = _("forældre og andre voksne")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("Voksen uden navn"))


class GuardianRelation(models.Model):
    """How an adult is related to a child, and whether they hold custody (forældremyndighed)."""

    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mor")
        FATHER = "father", _("Far")
        STEP_PARENT = "step_parent", _("Papforælder")
        FOSTER_CARER = "foster_carer", _("Plejeforælder")
        OTHER = "other", _("Anden voksen")

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="relations")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardian_relations")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    has_custody = models.BooleanField(_("har forældremyndighed"), default=False)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relationer")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "child"], name="one_relation_per_guardian_child")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relation_display()}) {self.child}"
