from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WellbeingScale",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, verbose_name="navn")),
                ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                ("minimum", models.PositiveSmallIntegerField(verbose_name="laveste værdi")),
                ("maximum", models.PositiveSmallIntegerField(verbose_name="højeste værdi")),
                ("bands", models.JSONField(verbose_name="bånd")),
                ("is_active", models.BooleanField(default=True, verbose_name="i brug")),
            ],
            options={
                "verbose_name": "trivselsskala",
                "verbose_name_plural": "trivselsskalaer",
                "ordering": ["name", "-version"],
                "constraints": [models.UniqueConstraint(fields=("name", "version"), name="unique_scale_version")],
            },
        ),
    ]
