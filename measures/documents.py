"""The quarterly highlight report as a PDF for the board: only the plan's exceptions (red, amber, stale, milestones
missed), rendered by a Celery worker like every PDF the app keeps (`common.pdf`, `common.rendered`)."""

from common.pdf import render_pdf, render_requested

from . import selectors
from .models import HighlightReport


def highlight_build(plan):
    """(PDF bytes, filename) of the plan's highlight report as it stands today."""
    content = render_pdf("pdf/highlight_report.html", selectors.plan_exceptions(plan))
    return content, f"highlight-report-{plan.year_label.replace('/', '-')}.pdf"


def highlight_render(pdf_id):
    """Render one requested highlight report and keep it; returns whether a file was stored."""
    return render_requested(
        HighlightReport.objects.select_related("plan"), pdf_id, lambda pdf: highlight_build(pdf.plan)
    )
