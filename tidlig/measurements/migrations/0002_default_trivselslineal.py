"""Tidlig's default Trivselslineal: 1-10 in three bands. A municipality replaces it with a new version."""

from django.db import migrations

BANDS = [
    {"from": 1, "to": 3, "position": "red", "label": "Truet trivsel"},
    {"from": 4, "to": 6, "position": "yellow", "label": "Sårbar trivsel"},
    {"from": 7, "to": 10, "position": "green", "label": "God trivsel"},
]


def create(apps, schema_editor):
    scale = apps.get_model("measurements", "WellbeingScale")
    scale.objects.get_or_create(
        name="Trivselslinealen", version=1, defaults={"minimum": 1, "maximum": 10, "bands": BANDS}
    )


class Migration(migrations.Migration):
    dependencies = [("measurements", "0001_wellbeing_scale")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
