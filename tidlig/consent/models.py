"""Samtykke: a guardian's consent to share named information about named children with named recipients."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Institution, Unit
from tidlig.lib.text import validate_plain_text
from tidlig.people.models import Child, Guardian, Household


class Information(models.TextChoices):
    """What may be shared. Later capabilities ask consent_allows() for one of these."""

    BASIC = "basic", _("Stamoplysninger: navn, alder og kontaktoplysninger")
    CONCERN = "concern", _("Bekymringen og henvendelsen")
    COURSE = "course", _("Forløbet: aftaler, mål og kontakter")
    MEASUREMENTS = "measurements", _("Målinger: trivsel og tilbagemeldinger (FIT)")


class Consent(models.Model):
    class GivenHow(models.TextChoices):
        WRITTEN = "written", _("Skriftligt")
        ORAL = "oral", _("Mundtligt")
        DIGITAL = "digital", _("Digitalt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        related_name="consents_given",
        verbose_name=_("givet af"),
    )
    given_how = models.CharField(_("hvordan"), max_length=10, choices=GivenHow.choices)
    children = models.ManyToManyField(Child, related_name="consents", verbose_name=_("børn"))
    information = models.JSONField(_("oplysninger"), default=list)
    recipient_institutions = models.ManyToManyField(
        Institution, blank=True, related_name="consents", verbose_name=_("skoler og dagtilbud")
    )
    recipient_units = models.ManyToManyField(
        Unit, blank=True, related_name="consents", verbose_name=_("enheder")
    )
    purpose = models.TextField(_("formål"), max_length=1000, validators=[validate_plain_text])
    valid_from = models.DateField(_("gælder fra"))
    valid_until = models.DateField(_("gælder til"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_reason = models.TextField(
        _("begrundelse for tilbagekaldelse"),
        blank=True,
        max_length=1000,
        validators=[validate_plain_text],
    )

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-valid_from", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.given_by} {self.valid_from:%d.%m.%Y}"

    def is_active(self, on: dt.date) -> bool:
        return self.withdrawn_at is None and self.valid_from <= on <= self.valid_until

    def get_information_display(self) -> list[str]:
        labels = dict(Information.choices)
        return [str(labels.get(key, key)) for key in self.information]
