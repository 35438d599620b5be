from celery import shared_task

from . import documents, services


@shared_task(ignore_result=True)
def render_highlight_report(pdf_id):
    """Render a plan's highlight report PDF (queued after commit when someone asks for it)."""
    return documents.highlight_render(pdf_id)


@shared_task
def refresh_standing_daily():
    """Beat, daily: milestones fall due with the date alone, so tracked actions are worked out again."""
    return services.standing_refresh_all()
