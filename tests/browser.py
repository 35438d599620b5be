"""Helpers for browser tests: sign in through the real forms (an admin's second factor too), and check a page with
axe-core."""

import time

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
_axe = Axe()


def sign_in(page, live_server, email, password, *, second_factor=True):
    """Sign in through the login page and, for an admin (REQUIRE_ADMIN_2FA is on in tests, as in production),
    through the two-factor page with a code from their authenticator app: set up on first sign-in, as a person
    does. `second_factor=False` stops at the two-factor page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if second_factor and "/accounts/two-factor/" in page.url:
        give_second_factor(page, email)


def authenticator_code(email):
    """What the admin's authenticator app shows now (the next step if this one was used: codes are single-use)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__email__iexact=email).order_by("-confirmed", "-pk").first()
    now = int(time.time() - device.t0) // device.step
    drift = max(0, device.last_t + 1 - now)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def give_second_factor(page, email):
    setting_up = "Set up two-factor sign-in" in page.locator("h1").inner_text()
    page.get_by_label("Code").fill(authenticator_code(email))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    if setting_up:  # the backup codes, shown once; then on to where the admin was going
        page.get_by_role("link", name="Continue").click()
        page.wait_for_load_state()


def accessibility_violations(page):
    """axe-core's WCAG 2.2 A/AA violations on the current page, as readable lines."""
    results = _axe.run(page, options=WCAG_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x, e.g. {violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
    ]


def sign_in_with_provider(page, live_server, email, *, password=None):
    """Sign in through the sign-in page's single sign-on button and the test provider's own sign-in page
    (tests/oidc.py), as a person does."""
    from tests.oidc import PROVIDER_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with the test identity provider").click()
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Provider password").fill(password or PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_load_state()


def virtual_authenticator(page):
    """A passkey authenticator in the browser (Chromium's DevTools WebAuthn domain): it says yes by itself."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    answer = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session, answer["authenticatorId"]
