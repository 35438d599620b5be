"""In Chromium: an admin sees a failed reminder on the meeting page, sends it again, and reads the PDF states.
Each page is checked with axe-core (WCAG 2.2 AA)."""

import pytest
from django.utils import timezone

from meetings.models import GeneratedPdf
from outbox import services as outbox
from tests.browser import accessibility_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.meetings.output_factories import MeetingFactory, MinutesVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_sends_a_failed_reminder_again_on_accessible_pages(page, live_server):
    admin = UserFactory(role="admin", email="admin-outputs@example.org")
    meeting = MeetingFactory(title="Autumn board", status="agenda_published")
    version = MinutesVersionFactory(minutes__meeting=meeting)
    person = PersonFactory(name="Robin Failed")
    failed = outbox.delivery_new("reminder", about=meeting, person=person, meeting_id=meeting.pk, key="14d")
    failed.status, failed.attempts = "failed", 6
    failed.last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
    failed.save()
    sent = outbox.delivery_new(
        "reminder", about=meeting, person=PersonFactory(name="Kim Sent"), meeting_id=meeting.pk, key="14d"
    )
    sent.status, sent.sent_at, sent.subject = "sent", timezone.now(), "Reminder: Autumn board"
    sent.save()
    GeneratedPdf.objects.create(meeting=meeting, kind="agenda_pack", state="failed", error="Paper 3 is damaged")
    GeneratedPdf.objects.create(meeting=meeting, kind="minutes_full", minutes_version=version, state="preparing")
    sign_in(page, live_server, admin.email, PASSWORD)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert "Some emails could not be sent" in page.content()
    assert "Paper 3 is damaged" in page.content()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="See every email sent, to whom and when").click()
    assert "Robin Failed" in page.locator("table").first.inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Send again to Robin Failed").click()
    page.wait_for_load_state()
    assert "Sending the reminder (14 days before) to Robin Failed again" in page.content()

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    assert "Being prepared" in page.content()
    assert accessibility_violations(page) == []
