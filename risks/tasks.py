from celery import shared_task

from . import documents


@shared_task(ignore_result=True)
def render_register(pdf_id):
    """Render an assessment's register PDF (queued after commit when someone asks for it)."""
    return documents.register_render(pdf_id)
