from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "tidlig.consent"
    verbose_name = "Samtykke"
