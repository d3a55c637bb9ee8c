"""Kerteminde's four steps of the intervention ladder (Kerteminde Kommune's strategy 2021-2025) as the default; municipalities edit them."""

from django.db import migrations

STEPS = [
    (1, "Trivsel og sundhedsfremme", "Almenområdet: dagtilbud, skole, sundhedspleje og fritid."),
    (2, "Forebygge", "Tidlige forebyggende indsatser tæt på hverdagen, uden afgørelse (Barnets lov §§ 28-31)."),
    (3, "Foranstalte", "Støttende indsatser efter afgørelse (Barnets lov § 32)."),
    (4, "Anbringe", "Anbringelse i netværk, plejefamilie, på opholdssted eller døgninstitution."),
]


def create(apps, schema_editor):
    step = apps.get_model("offers", "LadderStep")
    for position, name, description in STEPS:
        step.objects.get_or_create(position=position, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("offers", "0002_ladder_steps_themes_target_group")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
