"""What partners see: the member directory and their own contact details."""

import re

import pytest
from django.urls import reverse

from members.models import Organisation, Person
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_directory_lists_current_members_with_work_emails_only(partner_client):
    PersonFactory(name="Current Person", email="current@example.org", phone="07700 900222")
    PersonFactory(name="Former Person", status="former")
    PersonFactory(name="Left Org Person", organisation__status=Organisation.Status.LEFT)
    page = partner_client.get(reverse("members:directory")).content.decode()
    assert "Current Person" in page
    assert "current@example.org" in page
    assert "07700 900222" not in page
    assert "Former Person" not in page
    assert "Left Org Person" not in page


def test_the_admins_directory_lists_current_members_only_too(admin_client):
    PersonFactory(name="Current Person")
    PersonFactory(name="Former Person", status="former")
    PersonFactory(name="Left Org Person", organisation__status=Organisation.Status.LEFT)
    page = admin_client.get(reverse("members:directory")).content.decode()
    assert "Current Person" in page
    assert "Former Person" not in page
    assert "Left Org Person" not in page


@pytest.mark.parametrize("count", [5, 200])
def test_the_directory_runs_a_fixed_number_of_queries(partner_client, django_assert_num_queries, count):
    organisations = [OrganisationFactory() for _ in range(3)]
    Person.objects.bulk_create(
        Person(name=f"P{n}", email=f"p{n}@example.org", organisation=organisations[n % 3]) for n in range(count)
    )
    partner_client.get(reverse("members:directory"))
    # Session, user (with its member, in one query), the organisations' count and page, their people, the
    # session's save (3).
    with django_assert_num_queries(8):
        partner_client.get(reverse("members:directory"))


def test_the_directory_pages_by_organisation_and_searches(partner_client, partner_user):
    for n in range(25):
        PersonFactory(name=f"Member {n:02d}", organisation=OrganisationFactory(name=f"Directory organisation {n:02d}"))
    # 26 organisations with current members: these 25 and the partner's own, whatever its name.
    names = sorted(Organisation.objects.filter(people__isnull=False).distinct().values_list("name", flat=True))
    assert len(names) == 26
    url = reverse("members:directory")

    def captions(response):
        return re.findall(r'caption--m">([^<]+)</caption>', response.content.decode())

    assert "page 1 of 2" in partner_client.get(url).content.decode()
    assert captions(partner_client.get(url)) == names[:20]
    assert captions(partner_client.get(url, {"page": 2})) == names[20:]
    found = partner_client.get(url, {"q": "member 07"}).content.decode()
    assert "Member 07" in found
    assert "Member 08" not in found
    assert "Nobody matches your search." in partner_client.get(url, {"q": "no such name"}).content.decode()


def test_a_partner_edits_their_own_contact_details(partner_client, partner_user):
    person = partner_user.person
    response = partner_client.post(
        reverse("members:my_details"),
        {
            "name": "Priya Raman",
            "job_title": "Head of Safeguarding",
            "email": "priya.raman@example.org",
            "phone": "01632 960000",
            "version": person.version,
            # Fields the form does not offer are ignored.
            "role": "chair",
            "status": "former",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Head of Safeguarding"
    assert person.phone == "01632 960000"
    assert person.role == "representative"
    assert person.status == "active"


def test_my_details_rejects_an_invalid_email(partner_client, partner_user):
    response = partner_client.post(
        reverse("members:my_details"),
        {"name": "X", "job_title": "", "email": "nope", "phone": "", "version": partner_user.person.version},
    )
    assert "Enter a valid email address." in response.content.decode()
