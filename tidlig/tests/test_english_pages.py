"""No Danish text reaches an English page: every page of every persona, with English chosen in the footer,
shows no Danish letter (æ, ø, å) and none of the common Danish words, outside the data the pages show.

The data (names of people, places and institutions; a concern, a goal, an instrument's items, an offer's
name) is what the users typed or the reference rows hold: it is never translated, so every text value of
every row in the world is taken out of the page before it is read. What is left is Tidlig's own text.
The world and the URLs are the person-log sweep's: one world for the module, every URL the URLconf has."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from conftest import login
from tidlig.accounts.models import User
from tidlig.tests.factories import OBJECTS, PERSONAS, ROUTES, VARIANTS

DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
# Words that are common in Tidlig's Danish and are not English words.
DANISH_WORDS = {
    "af", "alle", "barn", "barnet", "bekymring", "dato", "der", "det", "eller", "en", "er",
    "familie", "familien", "fra", "gemt", "har", "henvendelse", "henvendelser", "hent", "ikke", "ingen",
    "jeg", "kan", "med", "navn", "nej", "og", "om", "skal", "som", "til", "tilbage", "ved", "vis",
}  # fmt: skip
# The chart labels are written in Python while the charts move to templates; the lead removes these once
# the charts' labels are translated.
# Attributes a user reads or hears (a screen reader reads aria-label and title).
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "hx-confirm", "data-confirm"}


class _Text(HTMLParser):
    """The text a user reads: text nodes outside script and style, and the attributes above."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _strings(value):
    """The strings in a value, however deep in lists and dicts (a JSON field's labels)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def data_values() -> list[str]:
    """Every text value of every row in the database, longest first (so a value that contains another
    is taken out whole)."""
    values: set[str] = set()
    for model in apps.get_models():
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.choices
        ]
        if not text_fields:
            continue
        for row in model._default_manager.values_list(*text_fields):
            values.update(v.strip() for v in _strings(row) if len(v.strip()) > 1)
    return sorted(values, key=len, reverse=True)


def danish_in(text: str, values: list[str]) -> list[str]:
    """The lines of the text that still hold a Danish word once the data is taken out."""
    for value in values:
        if value in text:
            text = text.replace(value, " ")
    found = []
    for line in text.splitlines():
        words = re.findall(r"\w+", line)
        if any(DANISH_LETTERS.search(w) or w.lower() in DANISH_WORDS for w in words):
            found.append(" ".join(line.split())[:160])
    return found


def test_the_detector_finds_danish_and_passes_data():
    assert danish_in("Save\nGem  ændringerne", []) == ["Gem ændringerne"]
    assert danish_in("Save the child og the family", []) == ["Save the child og the family"]
    assert danish_in("Emma Friis, Nørreskolen: Save", ["Nørreskolen"]) == []
    assert readable_text('<p title="Ryd">Save<script>var a="på";</script></p>') == "Ryd\nSave"


def _urls(route, world) -> list[str]:
    chosen = [dict(OBJECTS)] + [{**OBJECTS, **variant} for variant in VARIANTS.get(route.name, [])]
    return [reverse(route.name, kwargs={k: getattr(world, c[k]) for k in route.kwargs}) for c in chosen]


@pytest.fixture(scope="module")
def values(world):
    return data_values()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_no_danish_on_english_pages(client, world, values, route):
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    problems: dict[str, str] = {}  # the line, where it was first seen
    for url in _urls(route, world):
        for persona in PERSONAS:
            login(client, users[persona])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            for line in danish_in(readable_text(response.content.decode()), values):
                problems.setdefault(line, f"{persona} at {url}")
    assert not problems, "Danish on an English page:\n" + "\n".join(f"{w}: {t}" for t, w in problems.items())


def test_the_error_page_speaks_the_chosen_language(rf):
    from django.utils import translation

    from tidlig.errors import server_error

    with translation.override("en"):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            page = server_error(rf.get("/")).content.decode()
    assert '<html lang="en">' in page
    assert danish_in(readable_text(page), []) == []
