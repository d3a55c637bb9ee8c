"""Hold: a group offer running with dates, leaders, capacity, participants, sessions and attendance."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_name, validate_plain_text
from tidlig.offers.models import Offer
from tidlig.people.models import Child, Guardian, Household


class Group(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="groups", verbose_name=_("tilbud")
    )
    name = models.CharField(_("holdets navn"), max_length=120, validators=[validate_name])
    starts_on = models.DateField(_("første gang"))
    ends_on = models.DateField(_("sidste gang"))
    schedule = models.CharField(
        _("mødetider"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("Fx “tirsdage kl. 16-18 i lige uger”."),
    )
    place = models.CharField(_("sted"), max_length=200, blank=True, validators=[validate_plain_text])
    is_digital = models.BooleanField(_("digitalt"), default=False)
    capacity = models.PositiveSmallIntegerField(_("pladser"))
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="led_groups", verbose_name=_("holdledere")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("hold")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("groups:detail", args=[self.uuid])


class Strand(models.Model):
    """A group may meet in several strands, as Mestringsluppen does (Aabenraa Kommune 2025, section 4.1): the
    children's group,
    the parents' group and knowledge-sharing meetings with the school."""

    class Audience(models.TextChoices):
        CHILDREN = "children", _("Børn")
        PARENTS = "parents", _("Forældre")
        SCHOOL = "school", _("Vidensdeling med skolen")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="strands")
    name = models.CharField(_("navn"), max_length=80, validators=[validate_name])
    audience = models.CharField(_("for hvem"), max_length=10, choices=Audience.choices)

    class Meta:
        ordering = ["group", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="unique_strand_name")]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A child or a parent on the group, or on its waiting list when the group is full."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Tilmeldt")
        WAITING = "waiting", _("På venteliste")
        LEFT = "left", _("Stoppet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="enrollments")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="enrollments")
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="enrollments"
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    enrolled_at = models.DateTimeField(default=timezone.now)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["enrolled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "child"], name="one_enrollment_per_child"),
            models.UniqueConstraint(fields=["group", "guardian"], name="one_enrollment_per_guardian"),
            models.CheckConstraint(
                condition=models.Q(child__isnull=False) | models.Q(guardian__isnull=False),
                name="enrollment_names_a_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.child or self.guardian)

    @property
    def person(self):
        return self.child or self.guardian


class Session(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    strand = models.ForeignKey(
        Strand, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    date = models.DateField(_("dato"))
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_plain_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gruppemøde")
        verbose_name_plural = _("gruppemøder")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d.%m.%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("mødt"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        came = gettext("mødt") if self.present else gettext("ikke mødt")
        return f"{self.enrollment}: {came}"
