"""Fill an empty database with a synthetic municipality for benchmarks, with rows per second."""

import os

from django.core.management.base import BaseCommand, CommandError

from bench import generator


class Command(BaseCommand):
    help = "Genererer syntetiske data i kommunestørrelse til benchmarks (small, large, national)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=list(generator.SIZES), default="small")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Gang størrelsen med dette tal (fx 0.01 til en røgtest)."
        )
        parser.add_argument("--seed", type=int, default=generator.SEED)
        parser.add_argument(
            "--allow-national",
            action="store_true",
            default=os.environ.get("TIDLIG_ALLOW_NATIONAL") == "true",
            help="Tillad størrelsen national (1,2 mio. børn). Også TIDLIG_ALLOW_NATIONAL=true.",
        )

    def handle(self, *args, size, scale, seed, allow_national, verbosity, **options) -> None:
        if not 0 < scale <= 10:
            raise CommandError("--scale skal være mellem 0 og 10.")
        out = self.stdout.write if verbosity > 1 else None
        try:
            stats = generator.generate(
                size=size, scale=scale, seed=seed, allow_national=allow_national, out=out
            )
        except generator.GeneratorRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{'tabel':<36} {'rækker':>10} {'sekunder':>9} {'rækker/s':>10}")
        for table, rows in sorted(stats.rows.items(), key=lambda item: -item[1]):
            seconds = stats.seconds[table]
            rate = rows / seconds if seconds else 0
            self.stdout.write(f"{table:<36} {rows:>10} {seconds:>9.2f} {rate:>10.0f}")
        total = stats.total_rows
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} rækker på {stats.elapsed:.1f} s: {total / stats.elapsed:.0f} rækker/s i alt "
                f"(størrelse {size}, skala {scale}, seed {seed})"
            )
        )
