from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _summarise_closed_courses(sender, using="default", apps=None, **kwargs) -> None:
    """After every migrate: closed courses from before the results table, or loaded in bulk, get their
    results (docs/decisions/0020). With the schema now current, the live models match the tables."""
    from tidlig.courses.results import summarise_missing

    try:
        if apps is not None:
            apps.get_model("courses", "CourseResult")
    except LookupError:
        return  # migrated back to before the table existed
    if using == "default":
        summarise_missing()


class CoursesConfig(AppConfig):
    name = "tidlig.courses"
    verbose_name = "Forløb"

    def ready(self) -> None:
        post_migrate.connect(_summarise_closed_courses, sender=self, dispatch_uid="tidlig.courses.summarise")
