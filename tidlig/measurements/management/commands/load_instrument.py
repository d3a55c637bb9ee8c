"""Load an instrument definition (JSON) that the municipality holds a licence for, e.g. ORS or SRS."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tidlig.measurements.services import install_instrument


class Command(BaseCommand):
    help = (
        "Indlæser et måleredskab fra en JSON-fil med samme felter som Tidligs egne "
        "(tidlig/measurements/open_instruments.py). Brug kun redskaber, kommunen har licens til."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            definition = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Kan ikke læse {path}: {error}") from error
        try:
            instrument = install_instrument(definition)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{instrument} er klar ({instrument.items.count()} spørgsmål)."))
