from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "tidlig.retention"
    verbose_name = "Sletning og anonymisering"
