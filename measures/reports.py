"""Asking for the quarterly highlight report's PDF: marked as being prepared, rendered by a worker after commit
(`tasks.render_highlight_report`, `documents.highlight_render`); the last request wins (`common.rendered`)."""

from django.db import transaction

from .models import HighlightReport
from .tasks import render_highlight_report


@transaction.atomic
def highlight_pdf_request(plan):
    pdf = HighlightReport.request_for(plan=plan)
    render_highlight_report.delay_on_commit(pdf.pk)
    return pdf
