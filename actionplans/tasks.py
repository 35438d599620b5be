from celery import shared_task

from . import services


@shared_task
def progress_returns_daily():
    """Beat, daily: ask lead officers for quarterly returns and chase those who have not answered."""
    return services.progress_returns_due()


@shared_task(ignore_result=True)
def render_report_pdf(pdf_id):
    """Render a plan's or a board report's PDF (queued when someone asks for it)."""
    from . import documents

    return documents.report_pdf_render(pdf_id)
