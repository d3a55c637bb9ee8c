from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's own app: the data generator's `generate_data` command and its marker row, and the
    floor page. Installed only when TIDLIG_BENCH or TIDLIG_TESTING is on, never in production."""

    name = "bench"
    verbose_name = "Benchmark"
