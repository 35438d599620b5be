"""In Chromium: the guard stops case text on a form, and an admin redacts what got past it from a held meeting with
approved minutes. Every page on the way is checked with axe-core (WCAG 2.2 AA)."""

import pytest

from meetings import services
from meetings.models import AgendaItem, Meeting, MinuteNote
from tests.browser import accessibility_violations, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import MeetingFactory, approve_minutes, in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Jamie Smith"


@pytest.fixture
def admin(db):
    return UserFactory(role="admin", email="admin-redact@example.org")


def test_the_guard_stops_case_text_and_an_admin_redacts_a_held_meetings_minutes(page, live_server, admin):
    meeting = MeetingFactory(title="Winter board")
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/items/new/")
    page.get_by_label("Title").fill(f"Referral of {NAME}, aged 15, of 12 Oak Road, to Channel")
    page.get_by_role("button", name="Save").click()
    assert "looks like it contains case data about a person" in page.content()
    assert page.locator("mark.app-case-data").count() == 1
    assert accessibility_violations(page) == []
    assert not AgendaItem.objects.filter(title__contains=NAME).exists()

    # What got past the guard before it caught names: an item and approved minutes that name a young person.
    item = services.agenda_item_add(meeting, title=f"Referral of {NAME}")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-30, 10), ends_at=in_days(-30, 12), status="held")
    version = services.minutes_start(meeting)
    services.minutes_save(
        version, expected_version=version.version, summary="", notes={item.pk: f"{NAME} was referred to Channel."}
    )
    approve_minutes(version)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    page.get_by_role("link", name="Redact a passage").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Passage to take out").fill(NAME)
    page.get_by_label("Why it is taken out").fill("Case data about a young person")
    page.get_by_role("button", name="Continue").click()
    assert "Take the passage out of" in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Redact").click()

    assert "The passage was taken out of" in page.locator(".govuk-notification-banner").inner_text()
    assert NAME not in page.content()
    assert MinuteNote.objects.get().text == "[redacted] was referred to Channel."
