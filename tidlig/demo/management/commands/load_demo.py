"""Load the synthetic demo municipality; refuses unless demo mode is on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tidlig.demo.builder import DEMO_PASSWORD, DemoConflict, build_demo

NOT_DEMO_MODE = (
    "load_demo kører kun i demo-tilstand (TIDLIG_DEMO=true). Demo-brugerne har kendte adgangskoder "
    "og hører aldrig hjemme i en rigtig kommunes database."
)


class Command(BaseCommand):
    help = "Indlæser den syntetiske demo-kommune. Kører kun i demo-tilstand."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO:
            raise CommandError(NOT_DEMO_MODE)
        try:
            summary = build_demo()
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        if summary is None:
            self.stdout.write("Demo-kommunen findes allerede. Intet er ændret.")
            return
        s = summary
        self.stdout.write(self.style.SUCCESS("Demo-kommunen er indlæst:"))
        self.stdout.write(
            f"  {s.units} enheder, {s.institutions} skoler og dagtilbud med {s.groups} klasser og "
            f"grupper, {s.competences} kompetencer\n"
            f"  {s.workers} medarbejdere, {s.households} familier med {s.children} børn og "
            f"{s.guardians} voksne\n"
            f"  {s.assignments} familier har en medarbejder; {s.consents} samtykker, heraf "
            f"{s.withdrawn_consents} tilbagekaldt\n"
            f"  {s.offers} tilbud (Aabenraas tilbudsvifte 2025), {s.referrals} henvendelser i alle "
            f"stadier og {s.counselling} anonyme rådgivninger\n"
            f"  {s.courses} forløb med kontakter, FIT og Trivselslinealen "
            f"(et er ikke på sporet, et er afsluttet)\n"
            f"  {s.running_groups} hold med deltagere, venteliste, gruppemøder og FIT i grupper"
        )
        self.stdout.write(f'Log ind med adgangskoden "{DEMO_PASSWORD}" (kun i demo-tilstand):')
        for user in s.logins:
            where = user.unit or user.institution
            role = f"{user.get_role_display()}, {where}" if where else user.get_role_display()
            self.stdout.write(f"  {user.username:<6} {user.get_full_name()} ({role})")
