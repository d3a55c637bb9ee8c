"""Two people edit the same child at once: the second save is told, sees both versions and keeps what
they typed; nothing is overwritten silently (optimistic locking, decision 0017)."""

import pytest
from django.urls import reverse

from conftest import login
from tidlig.audit.models import AccessLog
from tidlig.people import services
from tidlig.people.models import Child

pytestmark = pytest.mark.django_db


def _edit(client, child, *, last_name, version):
    data = {"first_name": "Emma", "last_name": last_name, "birth_date": "2017-03-14", "version": str(version)}
    return client.post(reverse("people:child_edit", args=[child.uuid]), {k: v for k, v in data.items() if v})


def test_it_shows_both_versions_when_a_colleague_saved_first(client, mette, lone, emma):
    login(client, lone)
    assert _edit(client, emma, last_name="Holm-Berg", version=1).status_code == 302

    login(client, mette)
    response = _edit(client, emma, last_name="Holm-Jensen", version=1)

    page = response.content.decode()
    assert response.status_code == 409
    assert services.CHILD_CONFLICT in page
    assert "Din version" in page and "Gemt af en kollega" in page
    assert "Holm-Berg" in page.split('id="child-saved"')[1]
    assert 'value="Holm-Jensen"' in page  # what Mette typed is kept
    assert 'name="version" value="2"' in page
    emma.refresh_from_db()
    assert (emma.last_name, emma.version) == ("Holm-Berg", 2)
    assert AccessLog.objects.filter(event="child.changed").count() == 1
    # showing the saved version is a read of the child, and is logged
    assert AccessLog.objects.filter(actor=mette, action="view", object_id=str(emma.uuid)).exists()


def test_it_saves_the_users_version_when_asked_again(client, mette, lone, emma):
    login(client, lone)
    _edit(client, emma, last_name="Holm-Berg", version=1)
    login(client, mette)
    assert _edit(client, emma, last_name="Holm-Jensen", version=1).status_code == 409

    assert _edit(client, emma, last_name="Holm-Jensen", version=2).status_code == 302

    assert (Child.objects.get().last_name, Child.objects.get().version) == ("Holm-Jensen", 3)
    assert AccessLog.objects.filter(event="child.changed").count() == 2


def test_it_treats_a_post_without_a_version_as_stale(client, mette, emma):
    login(client, mette)
    response = _edit(client, emma, last_name="Holm-Jensen", version="")
    assert response.status_code == 409
    assert Child.objects.get().last_name == "Holm"
    assert not AccessLog.objects.filter(event="child.changed").exists()
