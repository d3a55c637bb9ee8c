from django.apps import AppConfig


class MeasurementsConfig(AppConfig):
    name = "tidlig.measurements"
    verbose_name = "Målinger"
