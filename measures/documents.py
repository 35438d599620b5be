"""The quarterly highlight report as a PDF for the board: only the plan's exceptions (red, amber, stale, milestones
missed), rendered by a Celery worker like every PDF the app keeps (`common.pdf`, `common.rendered`)."""

import logging

from common.pdf import render_pdf, store_rendered

from . import selectors
from .models import HighlightReport

logger = logging.getLogger(__name__)


def highlight_build(plan):
    """(PDF bytes, filename) of the plan's highlight report as it stands today."""
    content = render_pdf("pdf/highlight_report.html", selectors.plan_exceptions(plan))
    return content, f"highlight-report-{plan.year_label.replace('/', '-')}.pdf"


def highlight_render(pdf_id):
    """Render one requested highlight report and keep it; returns whether a file was stored."""
    pdf = (
        HighlightReport.objects.select_related("plan").filter(pk=pdf_id, state=HighlightReport.State.PREPARING).first()
    )
    if pdf is None:
        return False
    try:
        content, filename = highlight_build(pdf.plan)
    except Exception as error:
        logger.exception("Rendering %s failed", pdf)
        pdf.record_failure(error)
        return False
    return store_rendered(pdf, generation=pdf.generation, content=content, filename=filename)
