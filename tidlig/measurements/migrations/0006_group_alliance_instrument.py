"""Installs the open instruments added since 0004 (the group alliance scale); existing ones are untouched."""

from decimal import Decimal

from django.db import migrations

from tidlig.measurements.open_instruments import OPEN_INSTRUMENTS


def install(apps, schema_editor):
    instrument_model = apps.get_model("measurements", "Instrument")
    item_model = apps.get_model("measurements", "InstrumentItem")
    for definition in OPEN_INSTRUMENTS:
        fields = {k: v for k, v in definition.items() if k not in ("items", "code", "version")}
        for key in ("item_min", "item_max", "step", "cutoff", "reliable_change"):
            fields[key] = Decimal(fields[key]) if fields[key] is not None else None
        instrument, created = instrument_model.objects.get_or_create(
            code=definition["code"], version=definition["version"], defaults=fields
        )
        if created:
            for position, item in enumerate(definition["items"], start=1):
                item_model.objects.create(
                    instrument=instrument, position=position, kind=item.get("kind", "scale"), text=item["text"],
                    anchor_low=item.get("anchor_low", ""), anchor_high=item.get("anchor_high", ""),
                )


class Migration(migrations.Migration):
    dependencies = [("measurements", "0005_responses_in_groups")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
