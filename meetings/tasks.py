from celery import shared_task

from outbox import services as outbox

from . import documents, emails, reminders


@shared_task(ignore_result=True)
def requeue_stuck_pdfs():
    """Beat: renders "being prepared" past PDF_STUCK_AFTER_SECONDS lost their task; queue them again."""
    return documents.pdfs_requeue_stuck()


@shared_task(ignore_result=True)
def render_minutes_pdfs(version_id):
    """Render the full and public PDFs of one minutes version (queued on circulate, approve, correct)."""
    return documents.minutes_pdfs_render(version_id)


@shared_task(ignore_result=True)
def render_agenda_pack(meeting_id):
    """Render the agenda pack: the agenda with a contents page, then the PDF papers in order."""
    return documents.agenda_pack_render(meeting_id)


@shared_task(ignore_result=True)
def send_agenda_published(meeting_id):
    """Email every invitee the published agenda, reply links and the calendar invitation.

    Through outbox rows like the reminders: each invitee gets it once per publication, failures are
    retried and shown to admins, and whoever got it hears of later changes.
    """
    return outbox.deliveries_queue(reminders.deliveries_for_agenda(meeting_id))


@shared_task
def send_minutes_circulated(minutes_version_id):
    """Email the meeting's attendees a link (never the content) to comment on the draft minutes, through the outbox."""
    return outbox.deliveries_queue(emails.minutes_circulated_enqueue(minutes_version_id))
