"""An email's plain text is plain text: a meeting called "Schools & colleges" arrives as that in the subject and text
body, not as "Schools &amp; colleges"; the HTML part escapes it, as HTML must. The agenda, rendered once for every
invitee, reads the same in the agenda email and in a reminder."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from outbox.tasks import send_due_emails
from tests.meetings.output_factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(
        title="Schools & colleges' Prevent group",
        venue="O'Neill Room, Town Hall <first floor>",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Training for 'front door' staff & volunteers")
    AgendaItemFactory(meeting=meeting, position=2, title="CTLP briefing")
    InvitationFactory(meeting=meeting)
    return meeting


def _published(meeting, capture):
    with capture(execute=True):
        services.meeting_publish_agenda(meeting)


def test_the_agenda_email_says_the_words_as_written_in_text_and_escapes_them_in_html(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    _published(meeting, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.subject.startswith("Agenda published: Schools & colleges' Prevent group, ")
    assert "The agenda for Schools & colleges' Prevent group has been published." in message.body
    assert "Where: O'Neill Room, Town Hall <first floor>" in message.body
    assert "1. Training for 'front door' staff & volunteers" in message.body
    assert "2. CTLP briefing" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "Schools &amp; colleges&#x27; Prevent group" in html
    assert "Town Hall &lt;first floor&gt;" in html
    assert "<first floor>" not in html


def test_a_reminder_carries_the_same_agenda_lines(meeting, mailoutbox):
    # Ten days off with its agenda out: the fortnight's reminder is due.
    meeting.starts_at = timezone.now() + datetime.timedelta(days=10)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.save()

    send_due_emails.delay()

    [reminder] = mailoutbox
    assert "reminder" in reminder.body
    assert "Where: O'Neill Room, Town Hall <first floor>" in reminder.body
    assert "Agenda\n1. Training for 'front door' staff & volunteers" in reminder.body
    assert "&amp;" not in reminder.body
