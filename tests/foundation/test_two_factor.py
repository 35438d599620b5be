import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.REQUIRE_ADMIN_2FA = True


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_an_admin_sets_up_an_authenticator_on_first_sign_in_and_gets_backup_codes(client):
    admin = UserFactory(role="admin", second_factor=False)  # no authenticator yet
    response = sign_in(client, admin)
    assert response["Location"].startswith(reverse("two_factor"))
    setup = client.get(response["Location"])
    assert "Set up two-factor sign-in" in setup.content.decode()
    assert "data:image/svg+xml;base64," in setup.content.decode()
    # Until the second factor is given, the dashboard is out of reach.
    assert client.get("/")["Location"].startswith(reverse("two_factor"))

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    done = client.post(response["Location"], {"code": current_code(device)})
    html = done.content.decode()
    assert "Your backup codes" in html
    assert html.count("govuk-!-font-size-24") == 10
    assert "Dashboard" in client.get("/").content.decode()


def test_a_wrong_code_is_refused_with_a_message_and_the_admin_stays_unverified(client):
    admin = UserFactory(role="admin")
    sign_in(client, admin)
    response = client.post(reverse("two_factor"), {"code": "000000"})
    assert "The code is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_backup_code_signs_in_once_only(client):
    admin = UserFactory(role="admin", second_factor=False)  # no authenticator yet
    sign_in(client, admin)
    client.get(reverse("two_factor"))  # the set-up page creates the authenticator to scan
    device = TOTPDevice.objects.get(user=admin)
    html = client.post(reverse("two_factor"), {"code": current_code(device)}).content.decode()
    backup_code = html.split('<code class="govuk-!-font-size-24">')[1].split("</code>")[0]

    for attempt in ("first", "second"):
        client.post(reverse("logout"))
        sign_in(client, admin)
        page = client.get(reverse("two_factor"))
        assert "Enter your security code" in page.content.decode()
        response = client.post(reverse("two_factor") + "?next=/", {"code": backup_code})
        if attempt == "first":
            assert response.status_code == 302 and response["Location"] == "/"
        else:
            assert "The code is not right" in response.content.decode()


def test_partners_are_not_asked_for_a_second_factor(client):
    partner = UserFactory(role="partner")
    response = sign_in(client, partner)
    assert response["Location"] == "/"
    assert "Welcome," in client.get("/").content.decode()
