from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tidlig.people"
    verbose_name = "Familier"
