"""Tidlig speaks Danish by default and English on request, and every string has an English translation."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "tidlig" / "locale" / "en" / "LC_MESSAGES" / "django.po"

# One quoted PO string, with backslash escapes: "…"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
# A keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) followed by one or more quoted strings.
_FIELD = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+((?:{_QUOTED}\s*)+)", re.MULTILINE)
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(chunk):
    parts = re.findall(_QUOTED, chunk)
    text = "".join(p[1:-1] for p in parts)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def read_po(path):
    """A tiny PO reader: a list of entries, each a dict of its fields plus a set of flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]  # skip obsolete entries
        flags = set()
        for line in lines:
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
        body = "\n".join(line for line in lines if not line.startswith("#"))
        fields = {key: _unquote(value) for key, value in _FIELD.findall(body)}
        if "msgid" in fields:
            entries.append({"fields": fields, "flags": flags})
    return entries


@pytest.mark.django_db
def test_it_speaks_danish_by_default_and_english_on_request(client):
    mo_file = PO_FILE.with_suffix(".mo")
    assert mo_file.exists(), f"{mo_file} is missing: run `make messages` to compile the translations"

    danish = client.get("/konto/login/")
    assert danish.status_code == 200
    assert "Log ind i Tidlig" in danish.content.decode()

    # An English browser is not a choice: staff PCs often run English browsers (tidlig/accounts/locale.py).
    english_browser = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Log ind i Tidlig" in english_browser.content.decode()

    # Choosing English in the footer's language form is.
    chosen = client.post(reverse("set_language"), {"language": "en", "next": "/konto/login/"})
    assert chosen.status_code == 302
    english = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    page = english.content.decode()
    assert "Log in to Tidlig" in page
    assert "Log ind i Tidlig" not in page
    assert '<html lang="en">' in page


def test_it_has_translated_every_string():
    entries = read_po(PO_FILE)
    header = [e for e in entries if e["fields"]["msgid"] == ""]
    messages = [e for e in entries if e["fields"]["msgid"] != ""]
    assert len(header) == 1
    assert messages, "the English catalogue has no messages"

    fuzzy = [e["fields"]["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"fuzzy entries: {fuzzy}"

    untranslated = []
    for entry in messages:
        fields = entry["fields"]
        msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
        if "msgid_plural" in fields:
            plural_keys = {key for key in fields if key.startswith("msgstr[")}
            if plural_keys != {"msgstr[0]", "msgstr[1]"}:
                untranslated.append(fields["msgid"])
                continue
        if not msgstrs or any(not value.strip() for value in msgstrs):
            untranslated.append(fields["msgid"])
    assert untranslated == [], f"untranslated entries: {untranslated}"
