from celery import shared_task

from . import documents


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
