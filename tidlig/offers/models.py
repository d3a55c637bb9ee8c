"""Tilbudsviften: the offers a unit runs, each with its legal basis and default limits.

The offer catalogue, the intervention ladder's steps and the legal bases offers rest on.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Unit
from tidlig.lib.text import validate_name, validate_plain_text


class LegalBasis(models.Model):
    """A reference in the law an offer rests on, written as the municipality writes it (Aabenraa Kommune
    2025, section 5.1)."""

    reference = models.CharField(_("henvisning"), max_length=80, unique=True, validators=[validate_name])
    requires_decision = models.BooleanField(
        _("kræver afgørelse"),
        default=False,
        help_text=_("Barnets lov § 30 kræver ingen afgørelse; § 32 gør."),
    )

    class Meta:
        verbose_name = _("lovgrundlag")
        verbose_name_plural = _("lovgrundlag")
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference


class LadderStep(models.Model):
    """A step on the intervention ladder (indsatstrappe). Default: Kerteminde's four (Kerteminde Kommune's
    strategy 2021-2025)."""

    position = models.PositiveSmallIntegerField(_("trin"), unique=True)
    name = models.CharField(_("navn"), max_length=80, validators=[validate_name])
    description = models.CharField(
        _("beskrivelse"), max_length=300, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("trin på indsatstrappen")
        verbose_name_plural = _("trin på indsatstrappen")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Theme(models.Model):
    """What an offer is about (angst, skilsmisse, ...); the ladder's gaps are found per theme and age."""

    name = models.CharField(_("navn"), max_length=80, unique=True, validators=[validate_name])

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individuelt")
        GROUP = "group", _("Gruppe")
        BOTH = "both", _("Individuelt og gruppe")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=160, validators=[validate_name])
    description = models.TextField(
        _("beskrivelse til familier"), blank=True, max_length=2000, validators=[validate_plain_text]
    )
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, verbose_name=_("lovgrundlag"))
    format = models.CharField(_("form"), max_length=10, choices=Format.choices, default=Format.INDIVIDUAL)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offers", verbose_name=_("enhed"))
    max_contacts = models.PositiveSmallIntegerField(
        _("højst antal kontakter"),
        null=True,
        blank=True,
        help_text=_("Aabenraa: 12. Skive: 5. Tom betyder ingen grænse."),
    )
    max_network_meetings = models.PositiveSmallIntegerField(
        _("heraf højst netværksmøder"), null=True, blank=True, help_text=_("Aabenraa: 2.")
    )
    weeks = models.PositiveSmallIntegerField(_("varighed i uger"), null=True, blank=True)
    is_running = models.BooleanField(_("kører"), default=True)
    step = models.ForeignKey(
        LadderStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("trin på indsatstrappen"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="offers", verbose_name=_("temaer"))
    age_min = models.PositiveSmallIntegerField(_("fra alder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("til alder"), null=True, blank=True)
    # Optimistic locking: two people editing the offer at once cannot silently overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unique_offer_name_per_unit")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("Aldersgrænsen er vendt om: “til” skal være mindst “fra”.")})
        both = self.max_contacts is not None and self.max_network_meetings is not None
        if both and self.max_network_meetings > self.max_contacts:
            raise ValidationError(_("Der kan ikke være flere netværksmøder end kontakter i alt."))
