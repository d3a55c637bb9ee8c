from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "tidlig.courses"
    verbose_name = "Forløb"
