"""Nightly: `manage.py apply_retention` (README, "Retention"). Idempotent; a second run changes nothing."""

from django.core.management.base import BaseCommand

from tidlig.retention.services import apply_retention


class Command(BaseCommand):
    help = "Anonymiserer familier, hvis frister er udløbet, og sletter adgangslog efter dens egen frist."

    def handle(self, *args, **options):
        run = apply_retention()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in run.as_detail().items()))
