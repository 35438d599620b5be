"""Organisations: the statutory duty defaults from the sector; leaving ends its members' terms."""

import pytest
from django.urls import reverse

from members.models import Organisation, Person
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "name": "Riverside Primary School",
        "sector": "primary_school",
        "prevent_duty": "sector",
        "address": "1 River Road",
        "website": "https://riverside.example.org",
        "date_joined": "2025-09-01",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("sector", "choice", "expected"),
    [
        ("primary_school", "sector", True),
        ("faith", "sector", False),
        ("faith", "yes", True),
        ("police", "no", False),
    ],
)
def test_the_prevent_duty_defaults_from_the_sector_and_can_be_changed(admin_client, sector, choice, expected):
    response = admin_client.post(reverse("members:organisation_create"), _data(sector=sector, prevent_duty=choice))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Riverside Primary School").has_prevent_duty is expected


def test_an_organisation_needs_a_valid_website_and_a_unique_name(admin_client):
    OrganisationFactory(name="Riverside Primary School")
    response = admin_client.post(reverse("members:organisation_create"), _data(website="not a website"))
    page = response.content.decode()
    assert "Enter a valid URL." in page
    assert "Organisation with this Name already exists." in page


def test_admin_edits_an_organisation(admin_client):
    organisation = OrganisationFactory(name="Old Name", sector="secondary_school")
    response = admin_client.post(
        reverse("members:organisation_edit", args=[organisation.pk]),
        _data(name="New Name", prevent_duty="yes", version=organisation.version),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "New Name"
    assert organisation.version == 2


def test_when_an_organisation_leaves_its_members_terms_end(admin_client):
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation)
    response = admin_client.post(
        reverse("members:organisation_leave", args=[organisation.pk]), {"date_left": "2026-03-03"}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    person.refresh_from_db()
    assert organisation.status == Organisation.Status.LEFT
    assert person.status == Person.Status.FORMER
    assert str(person.term_end) == "2026-03-03"


def test_organisation_list_filters_and_exports(admin_client):
    OrganisationFactory(name="Northshire Police", sector="police")
    OrganisationFactory(name="Interfaith Forum", sector="faith", has_prevent_duty=False)
    page = admin_client.get(reverse("members:organisations"), {"duty": "no"}).content.decode()
    assert "Interfaith Forum" in page
    assert "Northshire Police" not in page
    export = admin_client.get(reverse("members:organisations_export"), {"sector": "police"})
    body = b"".join(export.streaming_content).decode()
    assert "Northshire Police" in body
    assert "Interfaith Forum" not in body


@pytest.mark.parametrize("count", [20, 500])
def test_organisation_list_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {n}", sector="faith", has_prevent_duty=False) for n in range(count)
    )
    admin_client.get(reverse("members:organisations"))
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(8):
        admin_client.get(reverse("members:organisations"))
