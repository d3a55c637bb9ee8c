"""A marker for data made by `manage.py generate_data`, so a benchmark can keep a loaded database."""

from django.db import models


class GeneratedData(models.Model):
    """One row per generator run: what was generated, by which version of the generator, from which seed.

    The benchmark reloads only when size, scale, seed or generator version differ from this row."""

    size = models.CharField(max_length=20)
    scale = models.FloatField(default=1.0)
    seed = models.PositiveIntegerField()
    version = models.PositiveSmallIntegerField()
    generated_on = models.DateField()
    rows = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "genererede data"
        verbose_name_plural = "genererede data"

    def __str__(self) -> str:
        return f"{self.size} x{self.scale} (seed {self.seed}, version {self.version})"
