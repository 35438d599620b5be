from celery import shared_task


@shared_task(ignore_result=True)
def render_report_pdf(pdf_id):
    """Render a plan's or a board report's PDF (queued when someone asks for it)."""
    from . import documents

    return documents.report_pdf_render(pdf_id)
