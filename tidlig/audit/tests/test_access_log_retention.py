"""The access log's own retention: only the retention job's purge may delete, and only old rows; ordinary
code still can neither change nor delete a row, not even later in the purge's own transaction."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from tidlig.audit.models import AccessLog, AccessLogSubject, AppendOnlyError, Purpose
from tidlig.audit.services import purge_access_log, record_access
from tidlig.people.models import Child, Household, HouseholdAssignment
from tidlig.retention.services import apply_retention

pytestmark = pytest.mark.django_db


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _log_on(day: dt.date, actor, child) -> AccessLog:
    with time_machine.travel(_moment(day), tick=False):
        return record_access(actor, child, persons=[child], purpose=Purpose.PREVENTIVE_WORK)


def test_it_purges_rows_older_than_the_logs_own_period(mette, emma):
    old = _log_on(dt.date(2026, 1, 31), mette, emma)
    kept = _log_on(dt.date(2026, 2, 1), mette, emma)
    with time_machine.travel(_moment(dt.date(2026, 8, 1)), tick=False):  # 6 months after 1 February
        run = apply_retention()

    assert run.access_log_rows_deleted == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert not AccessLogSubject.objects.filter(log_id=old.pk).exists()
    assert AccessLogSubject.objects.get(log=kept).person_id == emma.uuid
    assert AccessLog.objects.get(event="retention.applied").detail["access_log_rows_deleted"] == 1


def test_it_reads_the_logs_period_from_the_settings(mette, emma, settings):
    settings.RETENTION_ACCESS_LOG_MONTHS = 24
    row = _log_on(dt.date(2026, 1, 31), mette, emma)
    with time_machine.travel(_moment(dt.date(2027, 1, 31)), tick=False):
        assert apply_retention().access_log_rows_deleted == 0
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_it_keeps_refusing_ordinary_changes_after_a_purge_in_the_same_transaction(mette, emma):
    row = _log_on(dt.date(2026, 1, 1), mette, emma)
    with transaction.atomic():
        purge_access_log(before=_moment(dt.date(2025, 1, 1)))
        with pytest.raises(AppendOnlyError):
            AccessLog.objects.filter(pk=row.pk).delete()
        statements = ["UPDATE audit_accesslog SET purpose = 'x'"]
        if connection.vendor == "postgresql":
            statements += ["DELETE FROM audit_accesslogsubject", "DELETE FROM audit_accesslog"]
        for sql in statements:
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert AccessLog.objects.get(pk=row.pk).purpose == Purpose.PREVENTIVE_WORK
    assert AccessLogSubject.objects.filter(log=row).count() == 1


def test_it_refuses_a_delete_unless_the_purge_switch_is_on(mette, emma):
    if connection.vendor != "postgresql":
        pytest.skip("the switch is PostgreSQL's; SQLite's guard against DELETE is the application's")
    _log_on(dt.date(2026, 1, 1), mette, emma)
    for value in ("off", "true", ""):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL tidlig.purge = '{value}'")
            cursor.execute("DELETE FROM audit_accesslogsubject")
    assert AccessLogSubject.objects.count() == 1


def test_the_log_keeps_its_meaning_after_the_child_is_anonymised(mette, emma):
    _log_on(dt.date(2026, 3, 1), mette, emma)
    Household.objects.update(created_at=_moment(dt.date(2026, 1, 1)))
    HouseholdAssignment.objects.update(ended_at=_moment(dt.date(2026, 1, 2)))  # why: Mette let go of them
    with time_machine.travel(_moment(dt.date(2026, 8, 1)), tick=False):
        assert apply_retention().households == 1

    subject = AccessLogSubject.objects.get(log__event="people.child.view")
    remains = Child.objects.get(uuid=subject.person_id)
    assert (subject.person_type, remains.first_name, remains.last_name, remains.cpr) == ("child", "", "", "")
