"""The course as a PDF: a real PDF, no CPR number, and logged as an export."""

import datetime as dt

import pytest
import weasyprint
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.courses.tests.factories import make_course
from tidlig.referrals import services as referral_services

pytestmark = pytest.mark.django_db
CPR = "0105164123"


def test_it_exports_the_course_as_a_pdf(client, monkeypatch, prevention, lone, mette):
    children = [
        referral_services.ChildIn(
            first_name="Emil", last_name="Lund", birth_date=dt.date(2016, 5, 1), cpr=CPR
        )
    ]
    course = make_course(prevention, lone, mette, children=children)
    assert course.household.children.get().cpr == CPR
    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    login(client, mette)

    response = client.get(reverse("courses:pdf", args=[course.uuid]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="forloeb.pdf"'
    assert response.content.startswith(b"%PDF")
    html = rendered[0]
    assert "Emil kommer i skole hver dag" in html
    assert "Barnets lov § 30 stk. 1" in html
    assert CPR not in html
    assert "010516" not in html
    assert CPR.encode() not in response.content
    log = AccessLog.objects.get(event="courses.course.exported")
    assert (log.actor, log.action, log.object_id) == (mette, "export", str(course.uuid))
    assert log.subjects.count() == 2  # Emil and Sara


def test_it_hides_the_pdf_from_another_worker(client, jonas, prevention, lone, mette):
    course = make_course(prevention, lone, mette)
    login(client, jonas)
    assert client.get(reverse("courses:pdf", args=[course.uuid])).status_code == 404
    assert not AccessLog.objects.filter(event="courses.course.exported").exists()
    assert AccessLog.objects.filter(actor=jonas, action="denied").count() == 1
