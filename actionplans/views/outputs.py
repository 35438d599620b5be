"""What a plan gives out: its dashboard, its CSV, and its PDF rendered by a worker."""

from django.shortcuts import render

from common.access import partner_required
from common.audit import log_access
from common.csvexport import csv_response
from common.downloads import rendered_pdf_views

from .. import charts, documents, exports, selectors
from ..models import GeneratedReport
from .base import plan_for


@partner_required
def dashboard(request, pk):
    plan = plan_for(request, pk)
    data = selectors.plan_dashboard(plan)
    rag_rows = [(f"P{p['priority'].number}", p["segments"]) for p in data["per_priority"]]
    rag_rows.append(("All", data["overall_segments"]))
    return render(
        request,
        "actionplans/dashboard.html",
        {
            "plan": plan,
            "data": data,
            "rag_chart": charts.rag_bars(rag_rows),
            "progress_chart": charts.progress_bars(
                [(f"P{p['priority'].number}", p["progress"]) for p in data["per_priority"]]
                + [("All", data["progress"])]
            ),
            "legend": charts.legend(),
        },
    )


@partner_required
def plan_csv(request, pk):
    plan = plan_for(request, pk)
    log_access(request, [plan], "downloaded the plan as CSV")
    header, rows = exports.plan_table(plan)
    return csv_response(exports.plan_filename(plan), header, rows)


plan_pdf, plan_pdf_prepare = rendered_pdf_views(
    access=partner_required,
    owner=plan_for,
    pdf_of=lambda plan: GeneratedReport.objects.filter(plan=plan).first(),
    ask=documents.plan_pdf_request,
    page="actionplans:plan",
    audit="downloaded the plan as PDF",
)
