from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "tidlig.groups"
    verbose_name = "Hold"
