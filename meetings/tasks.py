from celery import shared_task
from django.conf import settings

from . import documents, emails, reminders


@shared_task(ignore_result=True)
def send_due_emails():
    """Beat, every few minutes: add rows for whatever is due, then queue the sending in batches."""
    reminders.deliveries_expire_stuck()
    reminders.deliveries_plan()
    ids = reminders.deliveries_due_ids()
    batch = settings.EMAIL_BATCH_SIZE
    for start in range(0, len(ids), batch):
        send_deliveries.delay(ids[start : start + batch])
    return len(ids)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_deliveries(self, ids):
    """Send these delivery rows (each claimed first, so a duplicate of this task sends nothing twice).

    On a mail server failure the unsent rows wait with exponential backoff; the database counts the
    attempts and fails a row for good after EMAIL_MAX_ATTEMPTS, so retrying here never loops forever.
    """
    try:
        return reminders.deliveries_send(ids).sent
    except reminders.DeliveryFailed as failure:
        if failure.retry_ids:
            raise self.retry(args=[failure.retry_ids], countdown=failure.retry_in, exc=failure) from failure
        return 0


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

    Through delivery rows like the reminders: each invitee gets it once per publication, failures are
    retried and shown to admins, and whoever got it hears of later changes.
    """
    ids = reminders.deliveries_for_agenda(meeting_id)
    batch = settings.EMAIL_BATCH_SIZE
    for start in range(0, len(ids), batch):
        send_deliveries.delay(ids[start : start + batch])
    return len(ids)


@shared_task
def send_minutes_circulated(minutes_version_id):
    """Email the meeting's attendees a link (never the content) to comment on the draft minutes."""
    return emails.send_minutes_circulated(minutes_version_id)
