"""Writes only in services, reads only in queries, and reads never write.

Read statically: no queries module calls a write (a read that created its missing reference data was the
example), and no app writes another app's rows except through that app's services (the courses once set a
referral's first contact themselves). At run time: the reference reads raise or answer None when the data
is missing, and the one installer the migrations call puts it back. Every page's GET writing only the
access log is checked on the persons-logged sweep's world (test_persons_logged.py)."""

import ast
import pathlib

import pytest

from tidlig.measurements.models import Instrument, WellbeingScale
from tidlig.measurements.open_instruments import OPEN_INSTRUMENTS
from tidlig.measurements.queries import ReferenceDataMissing, active_instrument, active_wellbeing_scale
from tidlig.measurements.services import install_reference_data

ROOT = pathlib.Path(__file__).resolve().parents[1]
WRITES = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
    "add",
    "remove",
    "clear",
    "set",
}
# In-memory collections a queries module fills, by module and source: not rows.
IN_MEMORY = {
    ("consent/queries.py", "shared.setdefault(child_id, set()).update(information or [])"),
}
# Apps that write other apps' rows by design (docs/architecture.md): retention anonymises every app's
# rows in one transaction per family; the demo builds the demo municipality.
CROSSES_BY_DESIGN = {"retention", "demo"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or len(parts) < 2:
            continue
        yield path, parts


def _is_queries(parts) -> bool:
    return parts[-1] == "queries.py" or parts[-1].startswith("queries_") or "queries" in parts[:-1]


def _writes(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            yield node


def test_reads_never_write_no_queries_module_calls_a_write():
    found = []
    for path, parts in _modules():
        if not _is_queries(parts):
            continue
        name = "/".join(parts)
        for call in _writes(ast.parse(path.read_text())):
            source = ast.unparse(call)
            if (name, source) not in IN_MEMORY:
                found.append(f"{name}:{call.lineno} {source}")
    assert not found, "a queries module writes; move the write to the app's services:\n" + "\n".join(found)


def _other_apps_models(tree, app: str) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".models"):
            owner = node.module.split(".")
            if owner[0] == "tidlig" and len(owner) == 3 and owner[1] != app:
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def _root_name(node) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _foreign_rows(tree, foreign: set[str]) -> set[str]:
    """Names assigned a row of another app's model (`x = Model.objects...get()`, `x = Model(...)`)."""
    rows = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _root_name(node.value) in foreign:
            rows |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return rows


def test_reads_never_write_across_apps_a_write_goes_through_the_owners_services():
    """`OtherAppModel.objects....create()/.update()/.delete()`, or `.save()`/`.delete()` on a row read or
    made from another app's model, outside the owner app."""
    found = []
    for path, parts in _modules():
        app = parts[0]
        if app in CROSSES_BY_DESIGN:
            continue
        tree = ast.parse(path.read_text())
        foreign = _other_apps_models(tree, app)
        rows = _foreign_rows(tree, foreign)
        for call in _writes(tree):
            root = _root_name(call.func)
            on_manager = root in foreign and ".objects" in ast.unparse(call.func)
            on_row = root in rows and call.func.attr in ("save", "delete")
            if on_manager or on_row:
                found.append(f"{'/'.join(parts)}:{call.lineno} {ast.unparse(call)[:90]}")
    assert not found, "another app's rows written outside its services:\n" + "\n".join(found)


def test_reads_never_write_a_queries_module_is_found():
    """The sweep sees a write in a queries module (so it is not passing on an empty list)."""
    tree = ast.parse("def f():\n    Thing.objects.get_or_create(name='x')\n")
    assert [ast.unparse(c.func) for c in _writes(tree)] == ["Thing.objects.get_or_create"]
    assert _is_queries(("measurements", "queries.py"))
    assert _is_queries(("courses", "queries", "fit.py"))


@pytest.mark.django_db
def test_reads_never_write_the_missing_scale_is_a_clear_error_not_a_new_row():
    WellbeingScale.objects.all().delete()
    with pytest.raises(ReferenceDataMissing, match="Trivselslinealen er ikke sat op"):
        active_wellbeing_scale()
    assert not WellbeingScale.objects.exists()


@pytest.mark.django_db
def test_reads_never_write_a_missing_instrument_is_none_not_an_install():
    Instrument.objects.filter(responses__isnull=True).delete()
    left = Instrument.objects.count()
    assert active_instrument("tidlig-trivsel") is None
    assert Instrument.objects.count() == left


@pytest.mark.django_db
def test_reads_never_write_the_installer_puts_the_reference_data_back_once():
    WellbeingScale.objects.all().delete()
    Instrument.objects.filter(responses__isnull=True).delete()
    install_reference_data()
    counts = (WellbeingScale.objects.count(), Instrument.objects.count())
    install_reference_data()
    assert (WellbeingScale.objects.count(), Instrument.objects.count()) == counts
    assert active_wellbeing_scale().version == 1
    outcome = OPEN_INSTRUMENTS[0]
    assert active_instrument(outcome["code"]).items.count() == len(outcome["items"])


# Modules outside services that write their own app's rows, with the reason.
WRITERS_OUTSIDE_SERVICES = {
    "offers/defaults.py": "the ladder steps installed again after a flush, as migration 0003 installs them",
    "reports/demo.py": "the demo municipality's targets, called by the demo only",
}


def test_reads_never_write_rows_are_written_only_in_services():
    """`Model.objects....create()/.update()/.delete()` in a module that is not a services module."""
    found = []
    for path, parts in _modules():
        name = "/".join(parts)
        services = parts[-1].startswith("services") or "services" in parts[:-1]
        if services or parts[0] in CROSSES_BY_DESIGN or name in WRITERS_OUTSIDE_SERVICES:
            continue
        for call in _writes(ast.parse(path.read_text())):
            if ".objects" in ast.unparse(call.func) and call.func.attr not in (
                "add",
                "remove",
                "clear",
                "set",
            ):
                found.append(f"{name}:{call.lineno} {ast.unparse(call)[:90]}")
    assert not found, "rows written outside a services module:\n" + "\n".join(found)
