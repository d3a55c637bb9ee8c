"""Forløb: a bounded series of contacts with one family, with goals, limits, FIT and a reasoned ending."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_plain_text
from tidlig.offers.models import Offer
from tidlig.people.models import Household
from tidlig.referrals.models import Referral


class Course(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("I gang")
        CLOSED = "closed", _("Afsluttet")

    class CloseReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Målene er nået")
        IMPROVED = "improved", _("Trivslen er forbedret")
        REFERRED_OFFER = "referred_offer", _("Henvist til et andet tilbud")
        REFERRED_CIVIL = "referred_civil", _("Henvist til civilsamfundet")
        ESCALATED = "escalated", _("Underretning til myndigheden")
        ENDED_BY_FAMILY = "ended_by_family", _("Afsluttet af familien")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="courses")
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="course"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="courses", verbose_name=_("tilbud")
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="courses", verbose_name=_("medarbejdere")
    )
    start_meeting_on = models.DateField(_("opstartsmøde"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # Extensions the leader approved on top of the offer's limits.
    extra_contacts = models.PositiveSmallIntegerField(default=0)
    extra_network_meetings = models.PositiveSmallIntegerField(default=0)
    closed_on = models.DateField(_("afsluttet"), null=True, blank=True)
    close_reason = models.CharField(_("årsag"), max_length=20, choices=CloseReason.choices, blank=True)
    missing_measurements_reason = models.CharField(
        _("hvorfor mangler slutmålingen?"), max_length=500, blank=True, validators=[validate_plain_text]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        ordering = ["-start_meeting_on", "-id"]
        indexes = [
            # why: homes and lists read a worker's open courses; at large about 1,200 of 30,000 are open,
            # and without it every such read scans all courses (docs/performance.md)
            models.Index(fields=["id"], condition=models.Q(status="open"), name="course_open"),
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.offer})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("courses:detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def contact_limit(self) -> int | None:
        base = self.offer.max_contacts
        return None if base is None else base + self.extra_contacts

    @property
    def network_meeting_limit(self) -> int | None:
        base = self.offer.max_network_meetings
        return None if base is None else base + self.extra_network_meetings


class Goal(models.Model):
    """What the family wants to reach, in its own words, with its own 0-10 rating at start and end."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("mål"), max_length=500, validators=[validate_plain_text])
    start_rating = models.PositiveSmallIntegerField(_("vurdering ved start (0-10)"), null=True, blank=True)
    end_rating = models.PositiveSmallIntegerField(_("vurdering ved afslutning (0-10)"), null=True, blank=True)
    # Optimistic locking: a save carries the version it read; a stale version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Contact(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Samtale")
        NETWORK_MEETING = "network_meeting", _("Netværksmøde")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")

    class Place(models.TextChoices):
        HOME = "home", _("Hjemme")
        SCHOOL = "school", _("Skole")
        DAYCARE = "daycare", _("Dagtilbud")
        OFFICE = "office", _("Kontoret")
        DIGITAL = "digital", _("Digitalt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("dato"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighed (minutter)"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("sted"), max_length=10, choices=Place.choices)
    family_participants = models.CharField(
        _("fra familien"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    private_network = models.CharField(
        _("privat netværk"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    professionals = models.CharField(
        _("fagpersoner"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    note = models.TextField(_("kort note"), max_length=2000, blank=True, validators=[validate_plain_text])
    kilometres = models.DecimalField(_("kørte km"), max_digits=6, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["date", "id"]
        indexes = [
            # the results page asks, per course started in the period, whether it had a digital contact
            # (reports/kpis.py); a small index of just those answers it without reading the contacts
            models.Index(
                fields=["course"],
                condition=models.Q(kind="video") | models.Q(place="digital"),
                name="contact_digital",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"

    @property
    def is_digital(self) -> bool:
        """Seed 000 4.1 counts Teams or another digital form (65 % target)."""
        return self.kind == self.Kind.VIDEO or self.place == self.Place.DIGITAL


class ExtensionRequest(models.Model):
    """Going past the offer's limits needs the leader's approval with a reason (VIVE's catalogue,
    Aabenraa)."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", _("Flere kontakter")
        NETWORK_MEETINGS = "network_meetings", _("Flere netværksmøder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="extension_requests")
    kind = models.CharField(_("hvad"), max_length=20, choices=Kind.choices)
    extra = models.PositiveSmallIntegerField(_("hvor mange ekstra"))
    reason = models.TextField(_("begrundelse"), max_length=1000, validators=[validate_plain_text])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(
        _("leders bemærkning"), max_length=500, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("anmodning om forlængelse")
        verbose_name_plural = _("anmodninger om forlængelse")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} +{self.extra}"


# A closed course's results (docs/decisions/0020) -------------------------------------------------------
#
# A closed course cannot change (every write checks Course.is_open), so what it showed is worked out once,
# when it closes, and the results page adds these rows up instead of reading every answer of a year twice.
# No names, no CPR, no free text: the numbers the KPIs count, one row per thing they count.


class CourseResult(models.Model):
    """One per closed course: the unit that ran it and the day it closed, as the KPIs select them."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, primary_key=True, related_name="result")
    # The offer's unit (an offer never changes unit) and the closing day, so a period is one index range.
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField()
    close_reason = models.CharField(max_length=20, choices=Course.CloseReason.choices)
    contacts = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["unit", "closed_on"], name="courseresult_unit_closed")]

    def __str__(self) -> str:
        return f"{self.course_id} {self.closed_on}"


# The rows below carry their course result's unit and closing day as well: a closed course never changes
# (decision 0020, addendum), so the copy cannot go stale, and a period's rows are one range of an index
# that holds every column the KPIs read, without joining the course results.


class WellbeingResult(models.Model):
    """A child with both a start and an end placement on the Trivselslineal in the course."""

    result = models.ForeignKey(CourseResult, on_delete=models.CASCADE, related_name="wellbeing")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_on = models.DateField()
    start = models.PositiveSmallIntegerField()
    end = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["unit", "closed_on", "start", "end"], name="wellbeingresult_period")]

    def __str__(self) -> str:
        return f"{self.start} \u2192 {self.end}"


class FitResult(models.Model):
    """One respondent's outcome or alliance answers in the course: the first and last total, in the order
    answered, and the reliable change of the instrument of the last answer."""

    result = models.ForeignKey(CourseResult, on_delete=models.CASCADE, related_name="fit")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_on = models.DateField()
    kind = models.CharField(max_length=20)  # measurements.Instrument.Kind: outcome or alliance
    answers = models.PositiveSmallIntegerField()
    first_total = models.DecimalField(max_digits=5, decimal_places=1)
    last_total = models.DecimalField(max_digits=5, decimal_places=1)
    change = models.DecimalField(max_digits=5, decimal_places=1)  # last minus first, worked out exactly
    reliable_change = models.DecimalField(max_digits=5, decimal_places=1, null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["unit", "closed_on", "kind", "answers", "change", "reliable_change", "last_total"],
                name="fitresult_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.first_total} \u2192 {self.last_total}"


class MetafeedbackResult(models.Model):
    """One metafeedback response: its first yes/no answer (was the child involved?) and its first 0-10
    answer (met with respect?), each None when not answered."""

    result = models.ForeignKey(CourseResult, on_delete=models.CASCADE, related_name="metafeedback")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_on = models.DateField()
    involved = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    respect = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["unit", "closed_on", "involved", "respect"], name="metafeedbackresult_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.involved} / {self.respect}"
