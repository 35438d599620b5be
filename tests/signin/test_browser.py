"""In Chromium: sign in at the real test provider and land signed in; the provider's second factor; refusals;
passkeys enrolled and used with a virtual authenticator."""

import pytest
from auditlog.models import LogEntry

from members.models import Person, User
from tests.browser import (
    accessibility_violations,
    give_second_factor,
    sign_in,
    sign_in_with_provider,
    virtual_authenticator,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def events(user):
    return list(
        LogEntry.objects.filter(object_id=user.pk, changes__has_key="sign-in")
        .order_by("pk")
        .values_list("changes__sign-in__1", flat=True)
    )


def test_a_partner_signs_in_at_the_provider_and_lands_on_their_home_page(page, live_server, sso):
    UserFactory(role="partner", email="priya.raman@college.example", person__name="Priya Raman")
    sso.add_account("priya.raman@college.example")
    page.goto(f"{live_server.url}/accounts/login/")
    assert accessibility_violations(page) == []

    sign_in_with_provider(page, live_server, "priya.raman@college.example")

    assert page.url == f"{live_server.url}/"
    assert "Welcome, Priya Raman" in page.locator("h1").inner_text()


def test_an_admin_whose_provider_asked_for_mfa_goes_straight_to_admin_pages(page, live_server, sso):
    UserFactory(role="admin", email="alex.morgan@northport.example", second_factor=False)
    sso.add_account("alex.morgan@northport.example", mfa=True)

    sign_in_with_provider(page, live_server, "alex.morgan@northport.example")

    assert "Dashboard" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/members/people/")
    assert page.locator("h1").inner_text() == "People"


def test_an_admin_whose_provider_did_not_ask_for_mfa_gives_the_apps_second_factor(page, live_server, sso):
    UserFactory(role="admin", email="helen.carter@northport.example", second_factor=False)
    sso.add_account("helen.carter@northport.example", mfa=False)

    sign_in_with_provider(page, live_server, "helen.carter@northport.example")

    assert "/accounts/two-factor/" in page.url
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    give_second_factor(page, "helen.carter@northport.example")
    assert "Dashboard" in page.locator("h1").inner_text()


def test_a_leaver_is_refused_and_is_not_signed_in(page, live_server, sso):
    leaver = UserFactory(role="partner", email="gone@college.example", person__status=Person.Status.FORMER)
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    sso.add_account("gone@college.example")

    sign_in_with_provider(page, live_server, "gone@college.example")

    assert page.locator("h1").inner_text() == "You cannot sign in this way"
    assert "This account has been closed" in page.content()
    assert accessibility_violations(page) == []
    page.goto(f"{live_server.url}/members/directory/")
    assert "/accounts/login/" in page.url


def test_an_unknown_person_is_refused_and_offered_the_join_form_filled_in(page, live_server, sso):
    sso.add_account("nia@charity.example", name="Nia Newcomer")

    sign_in_with_provider(page, live_server, "nia@charity.example")

    assert page.locator("h1").inner_text() == "You are not a member yet"
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Apply to join").click()
    assert page.get_by_label("Full name").input_value() == "Nia Newcomer"
    assert page.get_by_label("Email address").input_value() == "nia@charity.example"


@pytest.fixture
def passkeys_here(settings, live_server):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def test_an_admin_adds_a_passkey_signs_in_with_it_and_removes_it(page, live_server, passkeys_here):
    admin = UserFactory(role="admin", email="alex@northport.example", second_factor=False)
    virtual_authenticator(page)
    sign_in(page, live_server, "alex@northport.example", PASSWORD)  # the authenticator app, set up now

    page.get_by_role("link", name="Your account").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_selector("#passkeys dt")  # the page shows itself again with the passkey listed
    assert page.locator("#passkeys dt").inner_text().startswith("Passkey added")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "alex@northport.example", PASSWORD, second_factor=False)
    assert "/accounts/two-factor/" in page.url
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Dashboard" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("button", name="Remove Passkey added").click()
    # It was the factor this sign-in was verified with: the second factor is asked for again.
    assert "The passkey you signed in with is removed" in page.content()
    give_second_factor(page, "alex@northport.example")
    page.get_by_role("link", name="Your account").click()
    assert "You have no passkeys." in page.content()
    passkey_events = [event for event in events(admin) if "asskey" in event]
    assert passkey_events[:2] == ["Passkey added", "Second factor given: passkey"]
    assert passkey_events[2].startswith("Passkey removed: Passkey added ")
