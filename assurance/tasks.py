from celery import shared_task


@shared_task(ignore_result=True)
def render_return_pdf(pdf_id):
    """Render a cycle's PDF return (queued after commit when someone asks for it)."""
    from . import documents

    return documents.return_pdf_render(pdf_id)
