"""Backup and restore: a round trip gives back every table row for row, the access
log's append-only triggers survive it, and a restored user can log in through the real login view."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from conftest import PASSWORD
from tidlig.accounts.models import User
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.services import record_change
from tidlig.people.models import GuardianRelation, Household

# why: pg_dump sees only committed rows. serialized_rollback, like test_assignment_race's, keeps the
# flush after each test from re-creating content types that a later serialized test would duplicate.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
P = Purpose.PREVENTIVE_WORK


def fingerprints() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of all its rows in primary-key order."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            pk = connection.introspection.get_primary_key_column(cursor, table)
            order = connection.ops.quote_name(pk) if pk else "1"
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608
            rows = cursor.fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def _backup(tmp_path: Path) -> Path:
    call_command("backup", "--dir", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (path,) = tmp_path.iterdir()
    return path


def test_it_gives_back_every_row_and_a_user_who_can_log_in(client, tmp_path, mette, mette_family, emma):
    record_change(actor=mette, event="household.viewed", target=mette_family, persons=[emma], purpose=P)
    before = fingerprints()
    assert before["audit_accesslog"][0] > 0 and before["accounts_user"][0] > 0
    backup = _backup(tmp_path)

    # Then the day goes wrong: rows are deleted, changed and added.
    GuardianRelation.objects.all().delete()
    mette.set_password("et-helt-andet-kodeord-99")
    mette.first_name = "Ændret"
    mette.save()
    Household.objects.create(name="Familien Efter", unit=mette.unit)
    User.objects.create(username="efter", role=User.Role.WORKER)
    record_change(actor=mette, event="household.viewed", target=mette_family, persons=[emma], purpose=P)
    assert fingerprints() != before

    call_command("restore", str(backup), "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert fingerprints() == before
    response = client.post(reverse("login"), {"username": "mette", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert AccessLog.objects.filter(event="auth.login", actor_username="mette").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL")
def test_it_keeps_the_access_log_append_only_after_a_restore(tmp_path, mette, mette_family):
    record_change(actor=mette, event="household.viewed", target=mette_family, persons=[], purpose=P)
    call_command("restore", str(_backup(tmp_path)), "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for statement in ("UPDATE audit_accesslog SET event = 'x'", "DELETE FROM audit_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.filter(event="household.viewed").count() == 1


def test_it_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path, mette):
    before = fingerprints()
    bogus = tmp_path / "tidlig-bogus.dump"
    bogus.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="er ikke en sikkerhedskopi"):
        call_command("restore", str(bogus), "--noinput")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("restore", str(tmp_path / "missing.dump"), "--noinput")
    assert fingerprints() == before


def test_it_asks_before_it_replaces_the_database(tmp_path, mette, monkeypatch):
    backup = _backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "nej")
    with pytest.raises(CommandError, match="Afbrudt"):
        call_command("restore", str(backup))
