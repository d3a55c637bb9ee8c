"""Målinger: versioned scales. For now the Trivselslineal; the FIT instrument engine grows here."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WellbeingScale(models.Model):
    """A municipality's configuration of KL's Trivselslineal: range and coloured bands, versioned.

    KL's own numeric range and bands are not confirmed (SECURITY-AND-DOMAIN B2), so they are data:
    each placement keeps the version it was made on, and a new version never rewrites old ones.
    """

    class Position(models.TextChoices):
        GREEN = "green", _("Grøn: trivsel")
        YELLOW = "yellow", _("Gul: bekymring")
        RED = "red", _("Rød: stærk bekymring")

    name = models.CharField(_("navn"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"))
    minimum = models.PositiveSmallIntegerField(_("laveste værdi"))
    maximum = models.PositiveSmallIntegerField(_("højeste værdi"))
    # [{"from": 1, "to": 3, "position": "red", "label": "Truet trivsel"}, ...] covering the range.
    bands = models.JSONField(_("bånd"))
    is_active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        verbose_name = _("trivselsskala")
        verbose_name_plural = _("trivselsskalaer")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="unique_scale_version")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def clean(self) -> None:
        if self.minimum >= self.maximum:
            raise ValidationError(_("Den laveste værdi skal være mindre end den højeste."))
        covered = sorted(v for band in self.bands for v in range(band["from"], band["to"] + 1))
        if covered != list(range(self.minimum, self.maximum + 1)):
            raise ValidationError(_("Båndene skal dække hele skalaen én gang."))

    def band_for(self, value: int) -> dict:
        for band in self.bands:
            if band["from"] <= value <= band["to"]:
                return band
        raise ValueError(f"{value} is outside the scale {self.minimum}-{self.maximum}")
