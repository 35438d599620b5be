"""In Chromium: an admin publishes an agenda and records attendance; a partner replies from the emailed link.
Every page on the way is checked with axe-core (WCAG 2.2 AA)."""

import pytest

from meetings import replies, services
from meetings.models import Invitation, Meeting
from tests.browser import accessibility_violations, sign_in
from tests.factories import PASSWORD, UserFactory

from .factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingActionFactory,
    MeetingFactory,
    approve_minutes,
    in_days,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(db):
    return UserFactory(role="admin", email="admin-browser@example.org")


@pytest.fixture
def partner(db):
    return UserFactory(role="partner", email="partner-browser@example.org")


def test_admin_publishes_an_agenda_on_accessible_pages(page, live_server, admin, partner):
    meeting = MeetingFactory(title="Spring board")
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and apologies")
    AgendaItemFactory(meeting=meeting, position=2, title="Channel cases", confidential=True)
    InvitationFactory(meeting=meeting, person=partner.person)
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Spring board").click()
    assert "Spring board" in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Publish the agenda").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Publish and email invitees").click()
    assert "Agenda published" in page.locator(".govuk-notification-banner").inner_text()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED

    for path in ("/meetings/actions/", "/meetings/attendance/", "/meetings/schedule-year/", "/meetings/new/",
                 f"/meetings/{meeting.pk}/items/new/", f"/meetings/{meeting.pk}/invitees/",
                 f"/meetings/{meeting.pk}/agenda/"):  # fmt: skip
        page.goto(live_server.url + path)
        assert accessibility_violations(page) == [], path


def test_admin_changes_the_agenda_from_its_own_page(page, live_server, admin):
    meeting = MeetingFactory(title="Autumn board")
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and apologies")
    AgendaItemFactory(meeting=meeting, position=2, title="CTLP briefing")
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert page.get_by_role("button", name="Move up item 2").count() == 0  # the meeting page only reads
    page.get_by_role("link", name="Change the agenda").click()
    assert page.locator("h1").inner_text().endswith("Change the agenda")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Move up item 2, CTLP briefing").click()
    assert [t.inner_text() for t in page.locator(".govuk-summary-card__title").all()] == [
        "1. CTLP briefing",
        "2. Welcome and apologies",
    ]
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Any other business")
    page.get_by_role("button", name="Save").click()
    assert "Agenda item added" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".govuk-summary-card__title").last.inner_text() == "3. Any other business"
    page.get_by_role("link", name="Back to the meeting").first.click()
    assert page.locator("#agenda").is_visible()
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "CTLP briefing",
        "Welcome and apologies",
        "Any other business",
    ]


def test_admin_records_attendance_and_writes_minutes(page, live_server, admin, partner):
    meeting = MeetingFactory(title="Winter board", starts_at=in_days(-1), status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    invitation = InvitationFactory(meeting=meeting, person=partner.person)
    MeetingActionFactory(meeting=meeting, owner=partner.person)
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    assert accessibility_violations(page) == []
    page.get_by_label(f"Attendance of {partner.person.name}").select_option("present")
    page.get_by_role("button", name="Save attendance").click()
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.PRESENT

    page.get_by_role("button", name="Start the minutes").click()
    assert accessibility_violations(page) == []
    page.get_by_label("1. Welcome").fill("The chair **welcomed** members.")
    page.get_by_role("button", name="Save the minutes").click()
    assert "welcomed" in page.locator("main").inner_text()
    assert accessibility_violations(page) == []


def test_partner_replies_from_the_emailed_link_without_signing_in(page, live_server, partner):
    meeting = MeetingFactory(title="Summer board", status=Meeting.Status.AGENDA_PUBLISHED)
    invitation = InvitationFactory(meeting=meeting, person=partner.person)

    page.goto(live_server.url + replies.reply_url(invitation, "deputy", absolute=False))
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Send my deputy").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Name of your deputy").fill("Hannah Price")
    page.get_by_role("button", name="Send my deputy").click()
    assert "Reply saved" in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.deputy_name) == ("deputy", "Hannah Price")

    page.goto(live_server.url + "/meetings/reply/not-a-real-token/")
    assert "cannot be used" in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []


def test_partner_pages_are_accessible(page, live_server, partner):
    meeting = MeetingFactory(title="Autumn board", starts_at=in_days(-5), status=Meeting.Status.HELD)
    InvitationFactory(meeting=meeting, person=partner.person)
    MeetingActionFactory(meeting=meeting, owner=partner.person, overdue=True)
    version = services.minutes_start(meeting)
    approve_minutes(version)
    sign_in(page, live_server, partner.email, PASSWORD)
    for path in ("/", "/meetings/", f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/actions/",
                 f"/meetings/{meeting.pk}/minutes/", "/meetings/actions/mine/", "/meetings/calendar/"):  # fmt: skip
        page.goto(live_server.url + path)
        assert accessibility_violations(page) == [], path
    page.goto(live_server.url + "/meetings/actions/mine/")
    page.get_by_role("link", name="Mark as done").first.click()
    page.get_by_label("What was done").fill("Done and reported")
    page.get_by_role("button", name="Mark as done").click()
    assert "Action marked as done" in page.locator(".govuk-notification-banner").inner_text()


def test_public_meetings_page_is_accessible(page, live_server, db):
    MeetingFactory(title="Public board")
    page.goto(live_server.url + "/meetings/public/")
    assert accessibility_violations(page) == []
