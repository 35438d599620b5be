from celery import shared_task

from . import emails


@shared_task
def send_agenda_published(meeting_id):
    """Email every invitee the published agenda, reply links and the calendar invitation."""
    return emails.send_agenda_published(meeting_id)


@shared_task
def send_minutes_circulated(minutes_version_id):
    """Email the meeting's attendees a link (never the content) to comment on the draft minutes."""
    return emails.send_minutes_circulated(minutes_version_id)
