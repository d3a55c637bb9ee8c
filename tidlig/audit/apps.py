from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tidlig.audit"
    verbose_name = "Adgangslog"
