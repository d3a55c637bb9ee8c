from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tidlig.offers"
    verbose_name = "Tilbud"
