"""In Chromium: the list of every email shows which status filter is in force, and passes axe-core (WCAG 2.2 AA)."""

import pytest

from tests.browser import accessibility_violations, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_sees_the_default_failed_filter_in_force_with_nothing_failed(page, live_server):
    admin = UserFactory(role="admin", email="admin-outbox@example.org")
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/emails/")

    current = page.locator('nav[aria-label="Filter by status"] [aria-current="true"]')
    assert current.inner_text() == "Failed (0)"
    assert page.get_by_role("heading", name="Showing: Failed").is_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="All").click()
    page.wait_for_load_state()
    assert current.inner_text() == "All"
    assert accessibility_violations(page) == []
