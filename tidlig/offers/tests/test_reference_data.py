"""Reference data without Django's admin: legal bases and themes are added on Tidlig's own page, logged,
and a replayed post stores nothing."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.offers.models import LegalBasis, Theme

pytestmark = pytest.mark.django_db


def test_the_administrator_adds_a_legal_basis_and_a_theme_once(client, admin_user):
    login(client, admin_user)
    assert client.get(reverse("offers:reference")).status_code == 200
    basis = {"reference": "Barnets lov § 32", "requires_decision": "on"}
    assert client.post(reverse("offers:reference"), basis).status_code == 302
    replay = client.post(reverse("offers:reference"), basis)
    assert replay.status_code == 400
    assert LegalBasis.objects.filter(reference="Barnets lov § 32", requires_decision=True).count() == 1
    assert client.post(reverse("offers:add_theme"), {"tema-name": "Skilsmisse"}).status_code == 302
    assert client.post(reverse("offers:add_theme"), {"tema-name": "Skilsmisse"}).status_code == 400
    assert Theme.objects.filter(name="Skilsmisse").count() == 1
    events = list(AccessLog.objects.filter(actor=admin_user).values_list("event", flat=True).order_by("id"))
    assert events == ["offers.legal_basis.created", "offers.theme.created"]


def test_a_worker_cannot_add_reference_data(client, mette):
    login(client, mette)
    assert client.post(reverse("offers:reference"), {"reference": "x"}).status_code == 403
    assert not LegalBasis.objects.filter(reference="x").exists()
