from celery import shared_task

from . import emails


@shared_task
def send_agenda_published(meeting_id):
    """Email every invitee the published agenda, reply links and the calendar invitation."""
    return emails.send_agenda_published(meeting_id)
