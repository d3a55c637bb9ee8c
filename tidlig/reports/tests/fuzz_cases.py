"""The results, the targets and the practice pages' parameters, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

from django.urls import reverse

from conftest import login
from tidlig.lib.dates import today
from tidlig.tests.fuzz_registry import Case, Target, World


def _results(w: World) -> Target:
    client = login(w.client, w.lone)
    return Target(client, lambda: (reverse("reports:results"), {"year": str(today().year), "unit": ""}))


RESULTS = Case(
    name="results_period",
    forms=("tidlig.reports.forms.PeriodForm",),
    setup=_results,
    # why: start and end are not the form's fields; older links carry them, and the form snaps or refuses them
    fields={"year": "number", "start": "date", "end": "date", "unit": "choice"},
    method="get",
    writes=False,
)


def _targets(w: World) -> Target:
    client = login(w.client, w.lone)
    year = str(today().year)
    return Target(
        client,
        lambda: (
            reverse("reports:targets"),
            {
                "kpi": "referrals_count",
                "year": year,
                "value": "40",
                "direction": "at_least",
                "note": "Som sidste år",
            },
        ),
    )


TARGETS = Case(
    name="targets",
    forms=("tidlig.reports.forms.TargetForm",),
    setup=_targets,
    fields={"kpi": "choice", "year": "number", "value": "number", "direction": "choice", "note": "text"},
    stored=("note",),
    exact=False,
    models=("reports.Target",),
)


def _practice(w: World) -> Target:
    client = login(w.client, w.mette)
    return Target(client, lambda: (reverse("reports:practice"), {"year": str(today().year)}))


PRACTICE = Case(
    name="practice_period",
    forms=("tidlig.reports.forms.YearForm",),
    setup=_practice,
    fields={"year": "number", "start": "date", "end": "date"},
    method="get",
    writes=False,
)


CASES = [RESULTS, TARGETS, PRACTICE]
