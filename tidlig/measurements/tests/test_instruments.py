"""Instruments are data: Tidlig's open ones are installed by migration, a licensed one is loaded from JSON,
and an installed version is never changed."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tidlig.measurements.models import Instrument
from tidlig.measurements.open_instruments import (
    ALLIANCE,
    CHILD_ALLIANCE,
    CHILD_OUTCOME,
    METAFEEDBACK,
    OPEN_INSTRUMENTS,
    OUTCOME,
)
from tidlig.measurements.services import install_instrument, install_open_instruments

pytestmark = pytest.mark.django_db

# A made-up instrument for the tests: not ORS, SRS or any licensed text.
MADE_UP = {
    "code": "test-humoer",
    "version": 1,
    "name": "Humørbarometer",
    "kind": "outcome",
    "display": "numbers",
    "item_min": "1",
    "item_max": "5",
    "step": "1",
    "respondent_roles": ["parent"],
    "cutoff": "10",
    "reliable_change": "3",
    "source": "Opdigtet til test",
    "items": [
        {"text": "Morgenhumør", "anchor_low": "Gnaven", "anchor_high": "Strålende"},
        {"text": "Aftenhumør", "anchor_low": "Gnaven", "anchor_high": "Strålende"},
        {"kind": "text", "text": "Bemærkninger"},
    ],
}


def test_the_data_migrations_install_the_open_instruments():
    """Runs the migrations' own install functions on an empty table (the shared test fixture installs
    them too, so looking at the table alone would prove nothing)."""
    import importlib

    from django.apps import apps as real_apps

    Instrument.objects.all().delete()
    for name in ("0004_tidlig_open_instruments", "0006_group_alliance_instrument"):
        importlib.import_module(f"tidlig.measurements.migrations.{name}").install(real_apps, None)
    found = {i.code: i for i in Instrument.objects.filter(version=1).prefetch_related("items")}
    expected = {OUTCOME: 4, ALLIANCE: 4, CHILD_OUTCOME: 4, CHILD_ALLIANCE: 4, METAFEEDBACK: 3}
    assert {code: found[code].items.count() for code in expected} == expected
    child = found[CHILD_OUTCOME]
    assert (child.display, child.step, child.age_min, child.age_max, child.cutoff) == (
        "faces",
        Decimal("1.0"),
        6,
        12,
        Decimal("32.0"),
    )
    assert (found[OUTCOME].cutoff, found[OUTCOME].reliable_change, found[ALLIANCE].cutoff) == (25, 5, 36)
    assert [i.kind for i in found[METAFEEDBACK].items.all()] == ["yes_no", "scale", "text"]
    assert all("Ikke" in found[c].source or "Tidlig" in found[c].source for c in expected)
    # Installing again changes nothing.
    before = Instrument.objects.count()
    install_open_instruments()
    assert Instrument.objects.count() == before == len(OPEN_INSTRUMENTS)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"items": None}, "Definitionen mangler: items"),
        ({"kind": "horoskop"}, "Ukendt type: horoskop"),
        ({"items": []}, "Et måleredskab skal have mindst ét spørgsmål."),
    ],
)
def test_install_instrument_refuses_a_bad_definition(broken, message):
    definition = {**MADE_UP, **broken}
    if broken.get("items", "") is None:
        del definition["items"]
    with pytest.raises(ValidationError) as error:
        install_instrument(definition)
    assert error.value.messages == [message]
    assert not Instrument.objects.filter(code="test-humoer").exists()


def test_install_instrument_never_alters_an_existing_version():
    first = install_instrument(MADE_UP)
    again = install_instrument({**MADE_UP, "name": "Ny ordlyd", "items": [{"text": "Andet"}]})
    assert again == first
    first.refresh_from_db()
    assert first.name == "Humørbarometer"
    assert list(first.items.values_list("text", flat=True)) == ["Morgenhumør", "Aftenhumør", "Bemærkninger"]
    second = install_instrument({**MADE_UP, "version": 2, "name": "Ny ordlyd", "items": [{"text": "Andet"}]})
    assert (second.version, second.items.count()) == (2, 1)


def test_the_load_instrument_command_loads_a_json_file(tmp_path, capsys):
    path = tmp_path / "humoer.json"
    path.write_text(json.dumps(MADE_UP), encoding="utf-8")
    call_command("load_instrument", str(path))
    instrument = Instrument.objects.get(code="test-humoer", version=1)
    assert (instrument.item_max, instrument.step, instrument.respondent_roles) == (5, 1, ["parent"])
    assert instrument.items.count() == 3
    assert "Humørbarometer (v1) er klar (3 spørgsmål)." in capsys.readouterr().out


def test_the_load_instrument_command_reports_a_bad_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Kan ikke læse"):
        call_command("load_instrument", str(path))
    path.write_text(json.dumps({**MADE_UP, "kind": "horoskop"}), encoding="utf-8")
    with pytest.raises(CommandError, match="Ukendt type"):
        call_command("load_instrument", str(path))
