"""Who reaches which membership page: each URL by role."""

import pytest
from django.urls import reverse

from tests.members.factories import JoinRequestFactory, LinkedBodyFactory, PersonFactory, TermsOfReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(partner_user):
    other = PersonFactory(name="Morgan Secretperson", email="morgan.secret@example.org", phone="07700 900111")
    return {
        "person": other,
        "organisation": other.organisation,
        "join_request": JoinRequestFactory(name="Applicant Hidden", email="hidden.applicant@example.org"),
        "linked_body": LinkedBodyFactory(),
        "terms": TermsOfReferenceFactory(),
    }


ADMIN_PAGES = [
    ("members:people", None),
    ("members:people_export", None),
    ("members:people_import", None),
    ("members:person_create", None),
    ("members:person_detail", "person"),
    ("members:person_edit", "person"),
    ("members:person_end", "person"),
    ("members:organisations", None),
    ("members:organisations_export", None),
    ("members:organisations_import", None),
    ("members:organisation_create", None),
    ("members:organisation_detail", "organisation"),
    ("members:organisation_edit", "organisation"),
    ("members:organisation_leave", "organisation"),
    ("members:coverage", None),
    ("members:linked_bodies", None),
    ("members:linked_body_create", None),
    ("members:linked_body_edit", "linked_body"),
    ("members:terms_new", None),
    ("members:join_requests", None),
    ("members:join_request_detail", "join_request"),
]
ADMIN_POSTS = [
    ("members:person_invite", "person"),
    ("members:join_request_approve", "join_request"),
    ("members:join_request_decline", "join_request"),
]
PUBLIC_PAGES = ["members:public_organisations", "members:terms", "members:join", "members:join_sent"]
PARTNER_PAGES = ["members:directory", "members:my_details"]


def _url(objects, name, key):
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key"), ADMIN_PAGES)
def test_admin_pages_answer_admins_refuse_partners_and_send_the_public_to_sign_in(
    objects, client, partner_client, admin_client, name, key
):
    url = _url(objects, name, key)
    assert admin_client.get(url).status_code == 200
    assert partner_client.get(url).status_code == 403
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key"), ADMIN_POSTS)
def test_admin_actions_refuse_partners_and_the_public(objects, client, partner_client, name, key):
    url = _url(objects, name, key)
    assert partner_client.post(url).status_code == 403
    assert client.post(url).status_code == 302
    objects["join_request"].refresh_from_db()
    assert objects["join_request"].is_pending


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_show_no_personal_data(objects, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in ["Morgan Secretperson", "morgan.secret@example.org", "07700 900111", "Applicant Hidden"]:
        assert secret not in page


def test_the_public_list_names_member_organisations(objects, client):
    assert objects["organisation"].name in client.get(reverse("members:public_organisations")).content.decode()


@pytest.mark.parametrize("name", PARTNER_PAGES)
def test_partner_pages_need_a_partner_sign_in(objects, client, partner_client, name):
    assert partner_client.get(reverse(name)).status_code == 200
    assert client.get(reverse(name)).status_code == 302


def test_a_partner_cannot_open_another_persons_edit_page(objects, partner_client, partner_user):
    assert partner_client.get(reverse("members:person_edit", args=[objects["person"].pk])).status_code == 403
    assert partner_client.get(reverse("members:person_edit", args=[partner_user.person.pk])).status_code == 403


def test_a_former_members_login_cannot_edit_my_details(partner_user):
    from django.test import Client

    partner_user.person.status = "former"
    partner_user.person.save()
    client = Client()
    client.force_login(partner_user)
    assert client.get(reverse("members:my_details")).status_code == 403
