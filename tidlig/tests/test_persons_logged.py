"""Every person shown is logged: every page of every role, generated from the URLconf. The children and
adults whose names a response shows are among the subjects of the access-log rows that request wrote; a
family named by its name has at least one of its members there; and a page about one person (a child's
page, a person's access report) logs that person.

One world is built once for the module (rolled back after it); each test GETs one URL as every persona.
A new URL keyword without an object here fails the sweep, as in the IDOR sweep. The same walk checks that
reads never write: a page's GET writes the access log and the session, nothing else."""

import re

import pytest
from django.urls import reverse

from conftest import (
    login,
)
from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, AccessLogSubject
from tidlig.people.models import Child, Guardian
from tidlig.tests.factories import OBJECTS, PERSONAS, ROUTES, SKIP, VARIANTS
from tidlig.tests.urlwalk import own_routes


def _urls(route, world) -> list[str]:
    chosen = [dict(OBJECTS)]
    chosen += [{**OBJECTS, **variant} for variant in VARIANTS.get(route.name, [])]
    return [reverse(route.name, kwargs={k: getattr(world, c[k]) for k in route.kwargs}) for c in chosen]


def _persons():
    """Everyone the world holds: a person is shown by their first name (each is unique in the world) or
    their phone number, a family by its name."""
    people = [
        *Child.objects.select_related("household"),
        *Guardian.objects.select_related("household"),
    ]
    return people


def _shown(text: str, word: str) -> bool:
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def unlogged_persons(response, people, logged: set, url: str) -> list[str]:
    """The persons and families a response shows that the request's log rows do not name."""
    if not response["Content-Type"].startswith(("text/", "application/json")):
        return []  # the course PDF: its query logs every person of the family as exported
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    missing = [
        p.full_name
        for p in people
        if (_shown(text, p.first_name) or _shown(text, getattr(p, "phone", ""))) and p.uuid not in logged
    ]
    families = {p.household for p in people}
    for family in families:
        members = {p.uuid for p in people if p.household_id == family.pk}
        if _shown(text, family.name) and not members & logged:
            missing.append(family.name)
    if response.status_code == 200:  # a page about one person names that person, if only by its id
        missing += [p.full_name for p in people if str(p.uuid) in url and p.uuid not in logged]
    return missing


def test_it_knows_an_object_for_every_url_keyword():
    keywords = {k for r in own_routes() if r.name not in SKIP for k in r.kwargs}
    assert not keywords - set(OBJECTS), (
        f"add an object for {keywords - set(OBJECTS)} to OBJECTS and the world"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_person_shown_is_logged(client, world, route):
    people = _persons()
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    for url in _urls(route, world):
        for persona in PERSONAS:
            login(client, users[persona])
            before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(url)
            logged = set(
                AccessLogSubject.objects.filter(log_id__gt=before).values_list("person_id", flat=True)
            )
            missing = unlogged_persons(response, people, logged, url)
            assert not missing, f"{persona} saw {missing} at {url} ({response.status_code}) without a log row"


# Tables a GET may write: the access log, and the session (login, timeout, the answer-mode lock).
LOG_TABLES = ("audit_accesslog", "django_session")
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_reads_never_write_a_page_writes_only_the_access_log(client, world, route):
    """Reads never write: opening any page as any persona writes the access log and the session only
    (the sweep's other half is static, tidlig/tests/test_reads_never_write.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    for url in _urls(route, world):
        for persona in PERSONAS:
            login(client, users[persona])
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            written = {m.group(2).lower() for q in ctx.captured_queries if (m := WRITE.match(q["sql"]))}
            others = {t for t in written if not t.startswith(LOG_TABLES)}
            assert not others, f"{persona} opening {url} wrote to {sorted(others)}"
