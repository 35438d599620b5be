"""Single sign-on against a real OpenID Connect provider (tests/oidc.py): who gets in, and the second factor."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from common import need_to_know
from members.models import Person, User
from signin.models import ProviderLink
from tests.factories import UserFactory
from tests.oidc import sign_in_through_provider

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"


def sign_in_events(user=None):
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, changes__has_key="sign-in").order_by("pk")
    if user is not None:
        entries = entries.filter(object_id=user.pk)
    return [entry.changes["sign-in"][1] for entry in entries]


def assert_signed_out(client):
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("signin:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def client(client):
    client.defaults["REMOTE_ADDR"] = ADDRESS
    return client


def test_a_partner_signs_in_at_the_provider_and_lands_signed_in(client, sso):
    partner = UserFactory(role="partner", email="priya.raman@college.example")
    account = sso.add_account("Priya.Raman@college.example")

    response = sign_in_through_provider(client, sso, "Priya.Raman@college.example", next_url="/meetings/")

    assert response.status_code == 302 and response["Location"] == "/meetings/"
    assert client.session["_auth_user_id"] == str(partner.pk)
    assert "Welcome," in client.get("/").content.decode()
    link = ProviderLink.objects.get(user=partner)
    assert (link.issuer, link.subject) == (sso.issuer, account["sub"])
    events = sign_in_events(partner)
    assert events[0].startswith("Single sign-on linked") and events[1].startswith("Signed in with single sign-on")
    assert set(LogEntry.objects.filter(object_id=partner.pk, changes__has_key="sign-in").values_list(
        "remote_addr", flat=True)) == {ADDRESS}  # fmt: skip


def test_after_the_first_time_the_providers_subject_finds_the_login_whatever_the_email_says(client, sso):
    partner = UserFactory(role="partner", email="tom.hughes@nhs.example")
    account = sso.add_account("tom.hughes@nhs.example")
    sign_in_through_provider(client, sso, "tom.hughes@nhs.example")
    client.post(reverse("logout"))
    # Tom changes his name at the provider; his email there changes, the subject does not.
    sso.change_account(account, email="tom.hughes-smith@nhs.example")

    response = sign_in_through_provider(client, sso, "tom.hughes-smith@nhs.example")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(partner.pk)
    assert ProviderLink.objects.filter(user=partner).count() == 1


def test_another_account_at_the_provider_with_a_linked_logins_email_is_refused(client, sso):
    partner = UserFactory(role="partner", email="sam@school.example")
    first = sso.add_account("sam@school.example")
    sign_in_through_provider(client, sso, "sam@school.example")
    client.post(reverse("logout"))
    # The provider hands the address to someone else (a new account, a new subject).
    sso.change_account(first, email="sam.old@school.example")
    sso.add_account("sam@school.example")

    response = sign_in_through_provider(client, sso, "sam@school.example")

    assert response.status_code == 403
    assert "linked to another account" in response.content.decode()
    assert_signed_out(client)
    assert ProviderLink.objects.get(user=partner).subject == first["sub"]


def test_an_admin_whose_token_says_mfa_reaches_admin_pages_without_the_apps_own_code(client, sso):
    admin = UserFactory(role="admin", email="alex.morgan@northport.example", second_factor=False)
    sso.add_account("alex.morgan@northport.example", mfa=True)

    response = sign_in_through_provider(client, sso, "alex.morgan@northport.example", next_url="/members/people/")

    assert response["Location"] == "/members/people/"
    assert client.get("/members/people/").status_code == 200
    assert "Dashboard" in client.get("/").content.decode()
    assert sign_in_events(admin)[-1].endswith("second factor given at the provider")


def test_an_admin_whose_token_does_not_say_mfa_is_asked_for_the_apps_second_factor(client, sso):
    UserFactory(role="admin", email="helen.carter@northport.example", second_factor=False)
    sso.add_account("helen.carter@northport.example", mfa=False)

    response = sign_in_through_provider(client, sso, "helen.carter@northport.example", next_url="/members/people/")

    assert response["Location"].startswith(reverse("two_factor") + "?next=")
    people = client.get("/members/people/")
    assert people.status_code == 302 and people["Location"].startswith(reverse("two_factor"))
    assert "Set up two-factor sign-in" in client.get(response["Location"]).content.decode()


def test_a_configured_acr_counts_as_the_second_factor_and_an_unknown_one_does_not(client, sso, settings):
    settings.SSO_SECOND_FACTOR_ACR_VALUES = ["urn:example:loa:2fa"]
    UserFactory(role="admin", email="one@northport.example", second_factor=False)
    UserFactory(role="admin", email="two@northport.example", second_factor=False)
    sso.add_account("one@northport.example", acr="urn:example:loa:2fa")
    sso.add_account("two@northport.example", acr="urn:example:loa:1")

    assert sign_in_through_provider(client, sso, "one@northport.example", next_url="/audit/")["Location"] == "/audit/"
    client.post(reverse("logout"))
    answer = sign_in_through_provider(client, sso, "two@northport.example", next_url="/audit/")
    assert answer["Location"].startswith(reverse("two_factor"))


def test_the_providers_second_factor_is_asked_in_the_one_need_to_know_rule(settings):
    settings.SSO_SECOND_FACTOR_ACR_VALUES = ["gold"]
    admin = UserFactory(role="admin", second_factor=False)
    assert not need_to_know.is_admin(admin)
    admin.provider_sign_in = {"amr": ["pwd"], "acr": "silver"}
    assert not need_to_know.is_admin(admin)
    admin.provider_sign_in = {"amr": ["pwd", "mfa"], "acr": None}
    assert need_to_know.is_admin(admin)
    admin.provider_sign_in = {"amr": [], "acr": "gold"}
    assert need_to_know.is_admin(admin)


def test_a_leaver_is_refused_with_the_usual_clear_page_and_their_login_stays_closed(client, sso):
    leaver = UserFactory(role="partner", email="gone@college.example", person__status=Person.Status.FORMER)
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    sso.add_account("gone@college.example", mfa=True)

    response = sign_in_through_provider(client, sso, "gone@college.example")

    assert response.status_code == 403
    assert "This account has been closed. Contact the partnership officer." in response.content.decode()
    assert_signed_out(client)
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not ProviderLink.objects.filter(user=leaver).exists()
    assert sign_in_events(leaver)[-1] == "Single sign-on refused: the login is closed"


def test_a_linked_partner_who_leaves_is_refused_next_time(client, sso):
    partner = UserFactory(role="partner", email="lee@college.example")
    sso.add_account("lee@college.example")
    sign_in_through_provider(client, sso, "lee@college.example")
    client.post(reverse("logout"))
    Person.objects.filter(user=partner).update(status=Person.Status.FORMER)

    response = sign_in_through_provider(client, sso, "lee@college.example")

    assert response.status_code == 403
    assert "This account has been closed" in response.content.decode()
    assert_signed_out(client)


def test_an_unknown_person_is_refused_and_offered_the_join_form_filled_in(client, sso):
    users_before = User.objects.count()
    sso.add_account("newcomer@charity.example", name="Nia Newcomer", mfa=True)

    response = sign_in_through_provider(client, sso, "newcomer@charity.example")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not a member yet" in page and "newcomer@charity.example" in page
    assert_signed_out(client)
    assert User.objects.count() == users_before  # never creates a login, let alone a council admin
    join = client.get(reverse("members:join")).content.decode()
    assert 'value="Nia Newcomer"' in join and 'value="newcomer@charity.example"' in join
    entry = LogEntry.objects.filter(changes__has_key="sign-in").latest("pk")
    assert entry.object_repr == "newcomer@charity.example" and entry.remote_addr == ADDRESS


def test_an_email_the_provider_has_not_verified_links_nothing(client, sso):
    partner = UserFactory(role="partner", email="unverified@college.example")
    sso.add_account("unverified@college.example", email_verified=False)

    response = sign_in_through_provider(client, sso, "unverified@college.example")

    assert response.status_code == 403
    assert_signed_out(client)
    assert not ProviderLink.objects.filter(user=partner).exists()


def test_only_the_allowed_email_domains_may_sign_in_this_way(client, sso, settings):
    settings.SSO_ALLOWED_EMAIL_DOMAINS = ["northport.example"]
    UserFactory(role="partner", email="elsewhere@college.example")
    sso.add_account("elsewhere@college.example")

    response = sign_in_through_provider(client, sso, "elsewhere@college.example")

    assert response.status_code == 403
    assert "cannot be used to sign in here" in response.content.decode()
    assert_signed_out(client)


def test_the_provider_never_makes_anyone_a_council_admin(client, sso):
    partner = UserFactory(role="partner", email="keen@college.example")
    sso.add_account("keen@college.example", mfa=True, groups=["Council admins"])
    sign_in_through_provider(client, sso, "keen@college.example")
    partner.refresh_from_db()
    assert partner.role == User.Role.PARTNER
    assert client.get("/members/people/").status_code == 403


def test_signing_out_signs_out_at_the_provider_too(client, sso):
    UserFactory(role="partner", email="out@college.example")
    sso.add_account("out@college.example")
    sign_in_through_provider(client, sso, "out@college.example")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{sso.issuer}/session/end?")
    assert "id_token_hint=" in response["Location"]
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_password_sign_in_is_not_sent_to_the_provider_on_sign_out(client, sso):
    UserFactory(role="partner", email="pw@college.example")
    client.post(reverse("login"), {"username": "pw@college.example", "password": "correct horse battery staple"})
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
