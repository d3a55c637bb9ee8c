"""The unit's yearly targets for its results (docs/product.md: targets are data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Unit
from tidlig.lib.text import validate_plain_text


class Kpi(models.TextChoices):
    """Every KPI on the results page. The code is stable: targets and exports refer to it."""

    REFERRALS_COUNT = "referrals_count", _("Henvendelser")
    COUNSELLING_COUNT = "counselling_count", _("Åben anonym rådgivning")
    DAYS_TO_FIRST_CONTACT_MEDIAN = "days_to_first_contact_median", _("Dage til første kontakt (median)")
    SHARE_CONTACTED_WITHIN_DEADLINE = "share_contacted_within_deadline", _("Kontaktet inden fristen")
    COURSES_STARTED = "courses_started", _("Forløb startet")
    COURSES_CLOSED = "courses_closed", _("Forløb afsluttet")
    CONTACTS_PER_CLOSED_COURSE = "contacts_per_closed_course", _("Kontakter pr. afsluttet forløb")
    SHARE_COURSES_WITH_DIGITAL_CONTACT = (
        "share_courses_with_digital_contact",
        _("Forløb med digital kontakt"),
    )
    WELLBEING_START_MEAN = "wellbeing_start_mean", _("Trivselslinealen ved start (gennemsnit)")
    WELLBEING_END_MEAN = "wellbeing_end_mean", _("Trivselslinealen ved afslutning (gennemsnit)")
    SHARE_WELLBEING_IMPROVED = "share_wellbeing_improved", _("Børn med bedre trivsel")
    SHARE_WELLBEING_UNCHANGED = "share_wellbeing_unchanged", _("Børn med uændret trivsel")
    SHARE_WELLBEING_WORSE = "share_wellbeing_worse", _("Børn med dårligere trivsel")
    SHARE_ESCALATED = "share_escalated", _("Forløb afsluttet med underretning")
    OUTCOME_CHANGE_MEAN = "outcome_change_mean", _("Ændring i FIT-trivselsscore (gennemsnit)")
    SHARE_RELIABLY_IMPROVED = "share_reliably_improved", _("Pålideligt forbedret (FIT)")
    ALLIANCE_MEAN = "alliance_mean", _("Samarbejdsscore (gennemsnit)")
    SHARE_CHILD_INVOLVED = "share_child_involved", _("Børn, der har følt sig inddraget")
    SHARE_RESPECT_ABOVE_7 = "share_respect_above_7", _("Familier, der scorer respekt over 7")
    GROUP_PARTICIPANTS = "group_participants", _("Deltagere på hold")
    GROUP_ATTENDANCE_SHARE = "group_attendance_share", _("Fremmøde på hold")
    LOAD_PER_WORKER = "load_per_worker", _("Forløb pr. medarbejder")
    LOAD_AGAINST_CAPACITY = "load_against_capacity", _("Belastning i forhold til kapacitet")


class Target(models.Model):
    """A unit's target for one KPI in one year, set by the unit's leader (Aabenraa 2025: 80 % of the
    children felt involved, 80 % score respect above 7, 65 % of courses use a digital contact)."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("mindst")
        AT_MOST = "at_most", _("højst")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="targets", verbose_name=_("enhed"))
    year = models.PositiveSmallIntegerField(_("år"))
    kpi = models.CharField(_("nøgletal"), max_length=40, choices=Kpi.choices)
    value = models.DecimalField(_("mål"), max_digits=7, decimal_places=1)
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    note = models.CharField(_("bemærkning"), max_length=300, blank=True, validators=[validate_plain_text])

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["unit", "-year", "kpi"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kpi"], name="unique_target_per_unit_year_kpi")
        ]

    def __str__(self) -> str:
        return (
            f"{self.unit} {self.year}: {self.get_kpi_display()} {self.get_direction_display()} {self.value}"
        )

    def is_met(self, value) -> bool:
        if self.direction == self.Direction.AT_MOST:
            return value <= self.value
        return value >= self.value
