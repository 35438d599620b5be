"""A meeting is announced when it first leaves draft; cancelling it tells invitees only if it was."""

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from outbox.tasks import send_due_emails

from .factories import GroupFactory, InvitationFactory, in_days

pytestmark = pytest.mark.django_db


def _meeting(status):
    meeting = services.meeting_create(
        group=GroupFactory(), title="Board", starts_at=in_days(30), ends_at=in_days(30, 12), status=status
    )
    InvitationFactory(meeting=meeting)
    return meeting


def test_a_draft_is_announced_when_scheduled_and_stays_announced_when_cancelled():
    meeting = _meeting(Meeting.Status.DRAFT)
    assert meeting.announced_at is None

    meeting = services.meeting_set_status(meeting, status=Meeting.Status.SCHEDULED)
    announced = meeting.announced_at
    assert announced is not None and announced <= timezone.now()

    meeting = services.meeting_set_status(meeting, status=Meeting.Status.CANCELLED, note="No business")
    meeting.refresh_from_db()
    assert meeting.announced_at == announced


def test_a_meeting_created_scheduled_is_announced_at_once():
    assert _meeting(Meeting.Status.SCHEDULED).announced_at is not None


def test_publishing_the_agenda_of_a_draft_announces_it():
    meeting, _republish = services.meeting_publish_agenda(_meeting(Meeting.Status.DRAFT))
    meeting.refresh_from_db()
    assert meeting.announced_at is not None


def test_cancelling_a_meeting_that_never_left_draft_emails_nobody(mailoutbox):
    meeting = _meeting(Meeting.Status.DRAFT)
    services.meeting_set_status(meeting, status=Meeting.Status.CANCELLED, note="Not needed")

    send_due_emails.delay()

    assert mailoutbox == []


def test_cancelling_an_announced_meeting_tells_its_invitees(mailoutbox):
    meeting = _meeting(Meeting.Status.SCHEDULED)
    services.meeting_set_status(meeting, status=Meeting.Status.CANCELLED, note="The chair is unwell")

    send_due_emails.delay()

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Cancelled"]
    assert mailoutbox[0].to == [meeting.invitations.get().person.email]
