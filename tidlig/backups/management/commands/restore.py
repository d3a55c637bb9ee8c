"""manage.py restore FILE: replace the whole database with a backup (make restore FILE=...)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidlig.backups.services import BackupError, restore_database


class Command(BaseCommand):
    help = "Erstatter hele databasen med en sikkerhedskopi. Stop programmet først."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file: Path, interactive: bool, **options) -> None:
        if interactive:
            answer = input(
                f"Alt i databasen erstattes med {file}. Det, der er gemt siden, går tabt. Skriv ja: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Afbrudt. Intet er ændret.")
        try:
            restore_database(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Databasen er genskabt fra {file}."))
