"""Installs the open instrument added since 0004 (the group alliance scale, version 1) through the one
installer with this migration's historical models; existing ones are untouched."""

from django.db import migrations

VERSIONS = {("tidlig-samarbejde-gruppe", 1)}


def install(apps, schema_editor):
    from tidlig.measurements.services import install_open_instruments

    install_open_instruments(apps, versions=VERSIONS)


class Migration(migrations.Migration):
    dependencies = [("measurements", "0005_responses_in_groups")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
