from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tidlig.referrals"
    verbose_name = "Henvendelser"
