"""The access log's search and a citizen's access request, as the fuzzer attacks them.
Collected by tidlig/tests/fuzz_registry.py."""

from django.urls import reverse

from conftest import login
from tidlig.tests.fuzz_registry import Case, Target, World


def _log_search(w: World) -> Target:
    client = login(w.client, w.admin_user)
    return Target(
        client,
        lambda: (
            reverse("audit:search"),
            {"username": "mette", "action": "view", "date_from": "", "date_to": "", "object_id": ""},
        ),
    )


LOG_SEARCH = Case(
    name="log_search",
    forms=("tidlig.audit.forms.LogSearchForm",),
    setup=_log_search,
    fields={
        "username": "text",
        "action": "choice",
        "date_from": "date",
        "date_to": "date",
        "object_id": "text",
    },
    method="get",
    writes=False,
)


def _access_request(w: World) -> Target:
    client = login(w.client, w.admin_user)
    emma = w.emma
    emma.set_cpr("1403174321")
    emma.save()
    return Target(client, lambda: (reverse("audit:access_request"), {"cpr": "140317-4321"}))


ACCESS_REQUEST = Case(
    name="access_request",
    forms=("tidlig.audit.forms.AccessRequestForm",),
    setup=_access_request,
    fields={"cpr": "cpr"},
    writes=False,
    examples=25,
)


CASES = [LOG_SEARCH, ACCESS_REQUEST]
