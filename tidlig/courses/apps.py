from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _summarise_closed_courses(sender, using="default", apps=None, **kwargs) -> None:
    """After every migrate: closed courses from before the results table, or loaded in bulk, get their
    results (docs/decisions/0020). With the schema now current, the live models match the tables."""
    from django.apps import apps as live

    from tidlig.courses.services.results import summarise_missing

    if apps is not None:
        for name in RESULT_MODELS:
            try:
                state = apps.get_model("courses", name)
            except LookupError:
                return  # migrated back to before the results tables existed
            if _columns(state) != _columns(live.get_model("courses", name)):
                return  # migrated back to an older shape of them: the live models would not fit
    if using == "default":
        summarise_missing()


RESULT_MODELS = ("CourseResult", "WellbeingResult", "FitResult", "MetafeedbackResult")


def _columns(model) -> set[str]:
    return {field.column for field in model._meta.concrete_fields}


class CoursesConfig(AppConfig):
    name = "tidlig.courses"
    verbose_name = _("Forløb")

    def ready(self) -> None:
        post_migrate.connect(_summarise_closed_courses, sender=self, dispatch_uid="tidlig.courses.summarise")
