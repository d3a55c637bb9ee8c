from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tidlig.accounts"
    verbose_name = "Brugere og enheder"
