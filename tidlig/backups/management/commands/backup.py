"""manage.py backup: a consistent copy of the whole database in var/backups/ (make backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidlig.backups.services import DEFAULT_DIR, BackupError, backup_database


class Command(BaseCommand):
    help = "Tager en sikkerhedskopi af hele databasen (pg_dump på PostgreSQL, backup-API'et på SQLite)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="mappen, kopien skrives i")

    def handle(self, *args, dir: Path, **options) -> None:
        try:
            path = backup_database(directory=dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Sikkerhedskopi gemt: {path}"))
        self.stdout.write("Husk: CPR-nøglen (TIDLIG_CPR_KEY) er ikke i kopien. Opbevar den for sig.")
