"""Linked bodies: the boards the partnership reports to."""

import pytest
from django.urls import reverse

from members.models import LinkedBody
from tests.members.factories import LinkedBodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "name": "Northport Community Safety Partnership",
        "relationship": "reports_to",
        "reporting_frequency": "quarterly",
        "contact_name": "Jordan Ellis",
        "contact_email": "jordan.ellis@example.org",
        "notes": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_admin_adds_a_linked_body_and_it_is_listed(admin_client):
    response = admin_client.post(reverse("members:linked_body_create"), _data())
    assert response.status_code == 302
    body = LinkedBody.objects.get()
    assert body.get_reporting_frequency_display() == "Every quarter"
    assert (
        "Northport Community Safety Partnership" in admin_client.get(reverse("members:linked_bodies")).content.decode()
    )


def test_a_linked_body_needs_a_valid_contact_email(admin_client):
    response = admin_client.post(reverse("members:linked_body_create"), _data(contact_email="nope"))
    assert "Enter a valid email address." in response.content.decode()
    assert not LinkedBody.objects.exists()


def test_editing_a_linked_body_checks_nobody_saved_meanwhile(admin_client):
    body = LinkedBodyFactory(name="Safeguarding Adults Board")
    url = reverse("members:linked_body_edit", args=[body.pk])
    assert admin_client.post(url, _data(name="Adults Board", version=1)).status_code == 302
    stale = admin_client.post(url, _data(name="Stale Name", version=1))
    assert "Someone else saved this record" in stale.content.decode()
    body.refresh_from_db()
    assert body.name == "Adults Board"


def test_a_former_member_cannot_be_given_a_sign_in(admin_client, mailoutbox):
    person = PersonFactory(status="former", term_end="2030-01-01")
    admin_client.post(reverse("members:person_invite", args=[person.pk]))
    person.refresh_from_db()
    assert person.user is None
    assert mailoutbox == []
