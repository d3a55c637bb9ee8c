from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tidlig.reports"
    verbose_name = "Statistik"
