"""The access log: one row per view, export and change of personal data; append-only; Art. 15 export."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog, AccessLogSubject, AppendOnlyError, Purpose

pytestmark = pytest.mark.django_db


def test_it_logs_one_row_naming_the_child_when_a_worker_opens_a_child(client, mette, emma):
    login(client, mette)
    response = client.get(reverse("people:child", args=[emma.uuid]))
    assert response.status_code == 200
    row = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert (row.actor, row.actor_role, row.actor_unit) == (mette, "worker", "Tidlig Forebyggelse")
    assert row.object_type == "people.child"
    assert row.object_id == str(emma.uuid)
    assert row.purpose == Purpose.PREVENTIVE_WORK
    assert row.ip == "127.0.0.1"
    assert list(row.subjects.values_list("person_type", "person_id")) == [("child", emma.uuid)]


def test_it_logs_every_person_on_a_family_page(client, mette, mette_family, emma, anne):
    login(client, mette)
    client.get(reverse("people:household", args=[mette_family.uuid]))
    row = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert set(row.subjects.values_list("person_id", flat=True)) == {emma.uuid, anne.uuid}


def test_it_logs_a_list_of_families_with_the_children_shown(client, mette, emma):
    login(client, mette)
    client.get(reverse("people:household_list"))
    row = AccessLog.objects.get(action=AccessLog.Action.LIST)
    assert list(row.subjects.values_list("person_id", flat=True)) == [emma.uuid]


def test_it_logs_a_change_without_the_values(client, mette, emma):
    login(client, mette)
    response = client.post(
        reverse("people:child_edit", args=[emma.uuid]),
        {
            "first_name": "Emma",
            "last_name": "Holm-Berg",
            "birth_date": "2017-03-14",
            "cpr": "140317-4321",
            "version": "1",
        },
    )
    assert response.status_code == 302
    row = AccessLog.objects.get(event="child.changed")
    # why: Emma's persona is 9 on any day, so the CPR's birth date in 2017 is a change too
    assert row.detail == {"fields": ["birth_date", "cpr", "institution_group", "last_name"]}
    assert "4321" not in str(row.detail)
    assert "Holm-Berg" not in str(row.detail)


def test_it_cannot_be_changed_or_deleted_through_the_application(mette):
    from tidlig.audit.services import record_auth_event

    row = record_auth_event(mette, action=AccessLog.Action.LOGIN)
    row.purpose = Purpose.SUPERVISION
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(purpose=Purpose.SUPERVISION)
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


def test_it_is_refused_by_the_database_itself(mette, emma):
    from tidlig.audit.services import record_access

    record_access(mette, emma, persons=[emma], purpose=Purpose.PREVENTIVE_WORK)
    statements = [
        "UPDATE audit_accesslog SET purpose = 'x'",
        "UPDATE audit_accesslogsubject SET person_type = 'x'",
    ]
    if connection.vendor == "postgresql":
        statements += ["DELETE FROM audit_accesslogsubject", "DELETE FROM audit_accesslog"]
    for sql in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.get().purpose == Purpose.PREVENTIVE_WORK
    assert AccessLogSubject.objects.count() == 1


def test_it_lets_the_administrator_search_the_log(client, admin_user, mette, emma):
    login(client, mette)
    client.get(reverse("people:child", args=[emma.uuid]))
    login(client, admin_user)
    response = client.get(reverse("audit:search"), {"username": "mette", "action": "view"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert AccessLog.objects.filter(actor=admin_user, event="audit.log.searched").count() == 1
    assert "people.child" in response.content.decode()


def test_it_exports_a_childs_log_with_dates_and_purposes_but_no_staff_names(client, admin_user, mette, emma):
    from tidlig.people import services

    emma.set_cpr("1403174321")
    emma.save()
    login(client, mette)
    client.get(reverse("people:child", args=[emma.uuid]))
    services.update_child(
        emma,
        actor=mette,
        first_name="Emma",
        last_name="Holm",
        birth_date=emma.birth_date,
        institution_group=None,
    )
    login(client, admin_user)
    response = client.post(reverse("audit:access_request"), {"cpr": "140317-4321"})
    assert response.status_code == 200
    assert [r.event for r in response.context["rows"]] == ["people.child.view", "child.changed"]
    assert "1403174321" not in response.content.decode()
    export = client.get(reverse("audit:access_request_export", args=[emma.uuid]))
    assert export["Content-Disposition"].startswith("attachment")
    text = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Dato", "Tidspunkt", "Handling", "Formål"]
    assert [r[2] for r in rows[1:]] == ["Visning", "Ændring", "Søgning", "Udtræk"]
    assert "mette" not in text.lower()
    assert "Tidlig forebyggende indsats for familien" in text
    exported = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert exported.purpose == Purpose.ACCESS_REQUEST


def test_it_says_so_when_no_child_has_the_cpr(client, admin_user):
    login(client, admin_user)
    response = client.post(reverse("audit:access_request"), {"cpr": "010165-1234"})
    assert "Der findes ingen oplysninger" in response.content.decode()
    row = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert row.event == "audit.person_log.not_found"
    assert "0101651234" not in str(row.detail)


def _entries(after: int = 0) -> list[tuple]:
    return [
        (
            row.event,
            row.action,
            row.object_id,
            row.purpose,
            sorted(row.subjects.values_list("person_id", flat=True)),
        )
        for row in AccessLog.objects.filter(id__gt=after).order_by("id")
    ]


def test_one_write_writes_the_same_entries_as_writing_each_at_once(mette, emma, anne):
    from tidlig.audit.services import one_write, record_access

    def read_twice():
        record_access(mette, emma, persons=[emma], purpose=Purpose.PREVENTIVE_WORK)
        record_access(mette, None, persons=[emma, anne], purpose=Purpose.TRIAGE, action=AccessLog.Action.LIST)

    read_twice()
    each = _entries()
    last = AccessLog.objects.order_by("id").last().id
    with one_write():
        read_twice()
        assert not AccessLog.objects.filter(
            id__gt=last
        ).exists()  # still waiting: written when the block ends
    assert _entries(after=last) == each


def test_one_write_writes_the_reads_and_the_denial_when_the_page_ends_in_a_404(mette, emma):
    from django.http import Http404

    from tidlig.audit.services import deny, one_write, record_access

    with pytest.raises(Http404), one_write():
        record_access(mette, emma, persons=[emma], purpose=Purpose.PREVENTIVE_WORK)
        deny(mette, "people.child", "ukendt", "/boern/ukendt/")
    assert [e[0] for e in _entries()] == ["people.child.view", "people.child.denied"]


def test_a_change_inside_one_write_is_logged_in_its_own_transaction_not_later(mette, emma):
    from tidlig.audit.services import one_write, record_change

    with one_write():
        with transaction.atomic():
            record_change(
                actor=mette, event="child.changed", target=emma, persons=[emma], purpose="registration"
            )
        assert AccessLog.objects.filter(event="child.changed").exists()
