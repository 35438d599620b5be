"""The main journeys by keyboard alone: Tab to move, typing to fill, Space to choose, Enter to go."""

import pytest

from meetings.models import Invitation
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, test, *, limit=80):
    """Press Tab until the focused element passes `test` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    raise AssertionError(f"no focusable element matched {test} within {limit} Tab presses")


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_partner_signs_in_opens_their_meeting_and_replies_by_keyboard(browser, live_server, javascript):
    user = UserFactory(email="keyboard.partner@example.org")
    meeting = MeetingFactory(status="agenda_published", title="Board meeting by keyboard")
    invitation = InvitationFactory(meeting=meeting, person=user.person)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()

    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(user.email)
    tab_to(page, "el.id === 'id_password'")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    assert page.url == f"{live_server.url}/"

    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Meetings'")
    press_and_wait(page, "Enter")
    tab_to(page, "el.tagName === 'A' && el.textContent.includes('Board meeting by keyboard')")
    press_and_wait(page, "Enter")
    assert "Board meeting by keyboard" in page.locator("h1").inner_text()

    tab_to(page, "el.type === 'radio' && el.name === 'reply'")
    # Arrow keys move between radios; Space picks the focused one.
    for _ in range(5):
        if page.evaluate("document.activeElement.value") == Invitation.Reply.ATTENDING:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Save my reply')")
    press_and_wait(page, "Enter")

    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.ATTENDING
    context.close()
