"""A person who comes back (approved again, imported, re-added) never reopens a closed sign-in or gains a role.

A closed login keeps its history but is retired: renamed out of the way, its password and authenticators
gone. The returning member gets a fresh partner login with no password and sets one from the emailed link.
An open login with their email is linked as it is, its role unchanged.
"""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import imports, services
from members.models import Person, User
from tests.factories import PASSWORD, UserFactory
from tests.members.factories import JoinRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_admin():
    """A council admin who left: the login is closed, with its password and authenticator still on it."""
    user = UserFactory(email="admin2@example.org", role=User.Role.ADMIN, person__status=Person.Status.FORMER)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="192.0.2.10")


def assert_fresh_partner_login(person, closed):
    new = person.user
    assert new.pk != closed.pk
    assert new.email == "admin2@example.org"
    assert new.role == User.Role.PARTNER and new.is_active
    assert not new.has_usable_password()
    assert not TOTPDevice.objects.filter(user=new).exists()
    closed.refresh_from_db()
    assert not closed.is_active
    assert closed.email != "admin2@example.org"
    assert not closed.has_usable_password()
    assert not TOTPDevice.objects.filter(user=closed).exists()


def test_approving_an_application_never_reopens_a_closed_admin_login(
    admin_client, client, closed_admin, django_capture_on_commit_callbacks
):
    request = JoinRequestFactory(email="admin2@example.org", organisation_name="Eastside Youth Trust")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("members:join_request_approve", args=[request.pk]), {"role": "representative"}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert_fresh_partner_login(request.person, closed_admin)
    # The old password opens nothing, in any case of the email.
    for email in ("admin2@example.org", "Admin2@Example.org"):
        sign_in(client, email, PASSWORD)
        assert "_auth_user_id" not in client.session


def test_approving_links_an_open_login_with_that_email_without_changing_its_role():
    user = UserFactory(email="amina@example.org", role=User.Role.ADMIN, person__status=Person.Status.FORMER)
    request = JoinRequestFactory(email="amina@example.org")
    services.join_request_approve(join_request=request, by=None)
    request.refresh_from_db()
    user.refresh_from_db()
    assert request.person.user == user
    assert user.role == User.Role.ADMIN and user.is_active


def test_giving_a_re_added_member_a_sign_in_makes_a_fresh_login_not_the_closed_one(
    admin_client, closed_admin, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="admin2@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("members:person_invite", args=[person.pk]))
    person.refresh_from_db()
    assert_fresh_partner_login(person, closed_admin)


def test_a_returning_partner_whose_login_closed_gets_a_fresh_one_too(admin_client, partner_user):
    person = partner_user.person
    services.person_end_membership(person=person, end_date=person.term_start)
    returning = PersonFactory(email=partner_user.email)
    admin_client.post(reverse("members:person_invite", args=[returning.pk]))
    returning.refresh_from_db()
    partner_user.refresh_from_db()
    assert returning.user.pk != partner_user.pk
    assert not partner_user.is_active
    assert not returning.user.has_usable_password()


def test_importing_a_person_leaves_a_closed_login_closed(closed_admin):
    # Active: they come back (a row without a status would update their former record, matched on the email).
    report = imports.people_import("name,email,status\nReturning Admin,Admin2@example.org,Active\n", dry_run=False)
    assert report.imported
    closed_admin.refresh_from_db()
    assert not closed_admin.is_active
    assert closed_admin.role == User.Role.ADMIN
    assert Person.objects.get(email="admin2@example.org", status=Person.Status.ACTIVE).user is None
