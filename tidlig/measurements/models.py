"""Målinger: the Trivselslineal's versioned scales and the FIT instrument engine, with responses."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_plain_text


class WellbeingScale(models.Model):
    """A municipality's configuration of KL's Trivselslineal: range and coloured bands, versioned.

    KL's own numeric range and bands are not confirmed (KL has not published them), so they are data:
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


class Instrument(models.Model):
    """A questionnaire as data: items, scale, who answers it, cut-off and reliable change, versioned.

    Licensed instruments (ORS/SRS and their child versions) are never shipped: a municipality that
    holds a licence loads them with `manage.py load_instrument`. Tidlig ships its own open ones.
    """

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Trivsel (outcome)")
        ALLIANCE = "alliance", _("Samarbejde (alliance)")
        GROUP_ALLIANCE = "group_alliance", _("Samarbejde i grupper")
        METAFEEDBACK = "metafeedback", _("Metafeedback ved afslutning")

    class Display(models.TextChoices):
        LINE = "line", _("Linje (0-10 med én decimal)")
        FACES = "faces", _("Ansigter (børneversion)")
        NUMBERS = "numbers", _("Tal")

    code = models.SlugField(_("kode"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("navn"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    display = models.CharField(_("visning"), max_length=10, choices=Display.choices, default=Display.LINE)
    item_min = models.DecimalField(
        _("laveste værdi pr. spørgsmål"), max_digits=4, decimal_places=1, default=0
    )
    item_max = models.DecimalField(
        _("højeste værdi pr. spørgsmål"), max_digits=4, decimal_places=1, default=10
    )
    step = models.DecimalField(_("trin"), max_digits=3, decimal_places=1, default=1)
    # Who answers: "child", "young", "parent", "other_adult"; a child version has an age band.
    respondent_roles = models.JSONField(_("besvares af"), default=list)
    age_min = models.PositiveSmallIntegerField(_("fra alder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("til alder"), null=True, blank=True)
    cutoff = models.DecimalField(
        _("grænseværdi (samlet score)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    reliable_change = models.DecimalField(
        _("pålidelig ændring (samlet score)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(
        _("kilde og licens"),
        max_length=300,
        blank=True,
        help_text=_("Fx “Tidligs egen, åben” eller licensindehaver og licensnummer."),
    )
    is_active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        verbose_name = _("måleredskab")
        verbose_name_plural = _("måleredskaber")
        ordering = ["kind", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_instrument_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def suits(self, role: str, age: int | None) -> bool:
        """The instrument is for this respondent role and, for a child (an age), the child's age band."""
        if role not in (self.respondent_roles or []):
            return False
        if age is None:
            return True
        return (self.age_min is None or age >= self.age_min) and (self.age_max is None or age <= self.age_max)

    @property
    def total_max(self):
        return sum(self.item_max for item in self.items.all() if item.kind == InstrumentItem.Kind.SCALE)


class InstrumentItem(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Skala")
        YES_NO = "yes_no", _("Ja/nej")
        TEXT = "text", _("Fritekst")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("spørgsmål"), max_length=300)
    anchor_low = models.CharField(_("lav ende"), max_length=120, blank=True)
    anchor_high = models.CharField(_("høj ende"), max_length=120, blank=True)
    # Scale items may have their own range (metafeedback's respect is 0-10 while its other item is yes/no).
    item_min = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    item_max = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="unique_item_position")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def minimum(self):
        return self.item_min if self.item_min is not None else self.instrument.item_min

    @property
    def maximum(self):
        return self.item_max if self.item_max is not None else self.instrument.item_max


# why: Tidlig's own adult versions start at 13 (the PCOMS instruments: ORS is written for age 13).
YOUNG_FROM_AGE = 13


def role_for_age(age: int) -> str:
    """The role a child answers in at `age`: a child's version, or from 13 the young person's."""
    return Response.Role.YOUNG if age >= YOUNG_FROM_AGE else Response.Role.CHILD


def role_for_child(child, on: dt.date) -> str:
    """The role `child` (anything with `age_on`, a people.Child) answers in on the day `on`; courses and
    groups alike."""
    return role_for_age(child.age_on(on))


class Response(models.Model):
    """One respondent's answers to one instrument, at a contact of a course (or at its closing)."""

    class Role(models.TextChoices):
        CHILD = "child", _("Barnet")
        YOUNG = "young", _("Den unge")
        PARENT = "parent", _("Forælder")
        OTHER_ADULT = "other_adult", _("Anden voksen")

    class Mode(models.TextChoices):
        TYPED = "typed", _("Indtastet af medarbejderen")
        ANSWER_MODE = "answer_mode", _("Besvaret på skærmen af familien")
        LINK = "link", _("Besvaret via link")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    # String references: courses import measurements, never the other way (docs/architecture.md).
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    contact = models.ForeignKey(
        "courses.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    # FIT in groups: a participant's answers at a group session, or at the group's start/end.
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    group_session = models.ForeignKey(
        "groups.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    role = models.CharField(_("besvaret af"), max_length=12, choices=Role.choices)
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    guardian = models.ForeignKey(
        "people.Guardian", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.TYPED)
    total = models.DecimalField(_("samlet score"), max_digits=5, decimal_places=1, null=True, blank=True)
    answered_at = models.DateTimeField(_("besvaret"), default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.answered_at:%d.%m.%Y}"

    @property
    def respondent_key(self) -> tuple[str, int | None]:
        """Who answered, stable across contacts, so a trajectory follows one person."""
        return (self.role, self.child_id or self.guardian_id)


class ItemScore(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000, validators=[validate_plain_text])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.value if self.value is not None else self.text}"


class WellbeingPlacement(models.Model):
    """A child's place on the Trivselslineal at the start, end or between, on the scale version used."""

    class Moment(models.TextChoices):
        START = "start", _("Start")
        BETWEEN = "between", _("Undervejs")
        END = "end", _("Afslutning")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="placements")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="placements")
    scale = models.ForeignKey(WellbeingScale, on_delete=models.PROTECT)
    moment = models.CharField(_("tidspunkt"), max_length=10, choices=Moment.choices)
    value = models.PositiveSmallIntegerField(_("placering"))
    placed_on = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("placering på Trivselslinealen")
        verbose_name_plural = _("placeringer på Trivselslinealen")
        ordering = ["placed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_moment_display()}: {self.value}"


class PlacementCorrection(models.Model):
    """A wrongly entered placement is corrected, never overwritten silently: the old value stays here."""

    placement = models.ForeignKey(WellbeingPlacement, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.PositiveSmallIntegerField()
    new_value = models.PositiveSmallIntegerField()
    reason = models.CharField(_("begrundelse"), max_length=300, validators=[validate_plain_text])
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_value} \u2192 {self.new_value}"
