"""Installs Tidlig's own open instruments (outcome, alliance, child versions, metafeedback), version 1,
through the one installer with this migration's historical models."""

from django.db import migrations

VERSIONS = {
    ("tidlig-trivsel", 1),
    ("tidlig-samarbejde", 1),
    ("tidlig-trivsel-barn", 1),
    ("tidlig-samarbejde-barn", 1),
    ("tidlig-metafeedback", 1),
}


def install(apps, schema_editor):
    from tidlig.measurements.services import install_open_instruments

    install_open_instruments(apps, versions=VERSIONS)


class Migration(migrations.Migration):
    dependencies = [("measurements", "0003_instruments_responses_placements")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
