from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "tidlig.backups"
    verbose_name = "Sikkerhedskopier"
