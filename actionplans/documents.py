"""PDFs of action plans and board reports, rendered by Celery workers and stored through Django's storage API.

Asking for a PDF (`plan_pdf_request`, `board_report_pdf_request`) marks its `GeneratedReport` as being
prepared, raises its generation and queues the render after commit. The render keeps its file only if
no newer request came meanwhile, so the last request wins. A failed render keeps its error; the page
offers to prepare it again.
"""

from django.db import transaction
from django.utils import timezone

from common import need_to_know
from common.pdf import render_pdf, render_requested

from . import charts, selectors
from .models import BoardReport, GeneratedReport

# Requests ---------------------------------------------------------------------------------------


def _request(**owner):
    from .tasks import render_report_pdf

    pdf = GeneratedReport.request_for(**owner)
    render_report_pdf.delay_on_commit(pdf.pk)
    return pdf


@transaction.atomic
def plan_pdf_request(plan):
    """Render the plan's PDF (landscape A4, every action) after commit."""
    return _request(plan=plan)


@transaction.atomic
def board_report_pdf_request(report):
    """Render the board report's current text and live figures as a PDF after commit."""
    return _request(board_report=report)


# Contents ---------------------------------------------------------------------------------------


def plan_pdf_build(plan):
    """(PDF bytes, filename) of the whole plan, grouped by priority."""
    actions = list(selectors.plan_actions(plan))
    priorities = {p.pk: {"priority": p, "actions": []} for p in plan.priorities.all()}
    for action in actions:
        priorities[action.priority_id]["actions"].append(action)
    marking = need_to_know.document_marking(actions)
    content = render_pdf(
        "pdf/action_plan.html",
        {
            "plan": plan,
            "groups": priorities.values(),
            "marking": marking,
            "legend": charts.legend(),
            "today": timezone.localdate(),
        },
    )
    return content, f"action-plan-{plan.year_label.replace('/', '-')}.pdf"


def board_report_context(report, data):
    """What the report's page and PDF show: `report` is a BoardReport, or an approved version's saved fields."""
    return {
        "report": report,
        "data": data,
        "sections": [
            (label, report[field] if isinstance(report, dict) else getattr(report, field))
            for field, label in BoardReport.SECTIONS
        ],
    }


def board_report_pdf_build(report):
    """(PDF bytes, filename) of the report as it stands, with the live figures for its period."""
    data = selectors.board_report_data(plan=report.plan, period_start=report.period_start, period_end=report.period_end)
    context = board_report_context(report, data)
    context["draft"] = report.status == BoardReport.Status.DRAFT
    return render_pdf("pdf/board_report.html", context), f"board-report-{report.pk}.pdf"


# Rendering --------------------------------------------------------------------------------------


def report_pdf_render(pdf_id):
    """Render one requested PDF and keep it; returns whether a file was stored."""
    return render_requested(
        GeneratedReport.objects.select_related("plan", "board_report__plan"),
        pdf_id,
        lambda pdf: plan_pdf_build(pdf.plan) if pdf.plan_id else board_report_pdf_build(pdf.board_report),
    )
