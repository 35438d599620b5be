"""Sign in as each demo role in Chromium, and check every page of the shell with axe-core."""

import pytest

from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("admin@example.org", "Dashboard"),
        ("partner@example.org", "Welcome, Priya Raman"),
        ("partner2@example.org", "Welcome, Tom Hughes"),
    ],
)
def test_each_demo_account_signs_in_and_sees_an_accessible_home_page(page, live_server, demo_data, email, heading):
    sign_in(page, live_server, email, DEMO_PASSWORD)
    assert heading in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").is_visible()


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accessibility", "/privacy", "/accounts/password-reset/", "/nope"]
)
def test_public_pages_have_no_wcag_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert accessibility_violations(page) == []


def test_the_sign_in_error_summary_is_accessible_and_takes_focus(page, live_server, demo_data):
    sign_in(page, live_server, "partner@example.org", "wrong password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error:")
    assert accessibility_violations(page) == []


def test_the_skip_link_is_first_in_keyboard_order_and_visible_on_focus(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible()


def test_sign_in_works_with_javascript_off(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    assert "Dashboard" in page.locator("h1").inner_text()
    context.close()
