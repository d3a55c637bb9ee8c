"""The benchmark's data generator: `manage.py generate_data` (with TIDLIG_BENCH or TIDLIG_TESTING on)."""

from bench.generator.municipality import SEED, SIZES, VERSION, YEARS, GeneratorRefused, generate

__all__ = ["SEED", "SIZES", "VERSION", "YEARS", "GeneratorRefused", "generate"]
