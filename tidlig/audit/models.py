"""The access log: one append-only row for every view, search, export and change of personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted from the application")


class Purpose(models.TextChoices):
    """Why personal data was looked at. Shown to the person in an access request (GDPR Art. 15)."""

    PREVENTIVE_WORK = "preventive_work", _("Tidlig forebyggende indsats for familien")
    TRIAGE = "triage", _("Visitation og fordeling af henvendelser")
    COOPERATION = "cooperation", _("Samarbejde med skole eller dagtilbud")
    CONSENT = "consent", _("Registrering af samtykke")
    REGISTRATION = "registration", _("Registrering af familiens oplysninger")
    ACCESS_REQUEST = "access_request", _("Behandling af anmodning om indsigt")
    SUPERVISION = "supervision", _("Ledelsestilsyn og kvalitetssikring")
    AUTHENTICATION = "authentication", _("Log ind og log ud")
    ACCESS_CONTROL = "access_control", _("Adgangskontrol")
    RETENTION = "retention", _("Sletning og anonymisering efter de fastsatte frister")


class _AppendOnly(models.Model):
    """A row is written once: never changed, never deleted from the application."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted from the application")


class AccessLog(_AppendOnly):
    """Who did what to which object and whose data it held, when, from where and why."""

    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        LIST = "list", _("Liste")
        SEARCH = "search", _("Søgning")
        CREATE = "create", _("Oprettelse")
        CHANGE = "change", _("Ændring")
        DELETE = "delete", _("Sletning")
        EXPORT = "export", _("Udtræk")
        DENIED = "denied", _("Afvist adgang")
        LOGIN = "login", _("Log ind")
        LOGIN_FAILED = "login_failed", _("Mislykket log ind")
        LOGOUT = "logout", _("Log ud")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    # Snapshots, so the row still says who and where after the user changes unit or role.
    actor_username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    actor_role = models.CharField(_("rolle"), max_length=20, blank=True)
    actor_unit = models.CharField(_("enhed eller institution"), max_length=120, blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices, db_index=True)
    event = models.CharField(_("hændelse"), max_length=60)
    object_type = models.CharField(_("objekttype"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True, db_index=True)
    purpose = models.CharField(_("formål"), max_length=40, choices=Purpose.choices)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.event}"


class AccessLogSubject(_AppendOnly):
    """A person whose data the logged action touched; one row per person, so Art. 15 finds them."""

    class PersonType(models.TextChoices):
        CHILD = "child", _("Barn")
        GUARDIAN = "guardian", _("Voksen")

    log = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects")
    person_type = models.CharField(max_length=10, choices=PersonType.choices)
    person_id = models.UUIDField(db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("berørt person")
        verbose_name_plural = _("berørte personer")

    def __str__(self) -> str:
        return f"{self.person_type} {self.person_id}"
