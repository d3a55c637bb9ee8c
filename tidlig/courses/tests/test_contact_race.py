"""A double click on "Gem kontakt" sends two posts that arrive at the same moment: one contact and one
audit row, and both posts get that contact back (PostgreSQL, two real transactions)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from tidlig.audit.models import AccessLog
from tidlig.courses import services
from tidlig.courses.models import Contact, Course
from tidlig.courses.tests.factories import make_course
from tidlig.lib.dates import today


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_records_one_contact_for_two_simultaneous_posts_of_one_form(prevention, lone, mette):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL; SQLite serialises writers anyway")
    course = make_course(prevention, lone, mette)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def post():
        try:
            barrier.wait(timeout=10)
            contact = services.record_contact(
                Course.objects.get(pk=course.pk),
                actor=mette,
                date=today() - dt.timedelta(days=1),
                duration_minutes=60,
                kind="individual",
                place="home",
                note="Samme formular to gange",
                submission_token="double-click",
            )
            outcomes.append(str(contact.uuid))
        except Exception as e:  # why: any failure is reported by the assertion below
            outcomes.append(f"error: {e!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post), threading.Thread(target=post)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    contact = Contact.objects.get()
    assert outcomes == [str(contact.uuid)] * 2, outcomes
    assert AccessLog.objects.filter(event="contact.recorded").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_contact_does_not_wait_for_one_on_another_course_of_the_same_offer(prevention, lone, mette):
    """Only the course row is locked: while another transaction holds the offer's row (as a contact on
    another course of the offer once did), a contact is still recorded at once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    import psycopg

    course = make_course(prevention, lone, mette)
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    ) as other:
        other.execute("SELECT id FROM offers_offer WHERE id = %s FOR UPDATE", [course.offer_id])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        try:
            contact = services.record_contact(
                Course.objects.get(pk=course.pk),
                actor=mette,
                date=today() - dt.timedelta(days=1),
                duration_minutes=45,
                kind=Contact.Kind.INDIVIDUAL,
                place=Contact.Place.HOME,
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        other.rollback()
    assert contact.course_id == course.pk
