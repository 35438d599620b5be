"""What a plan gives out: its dashboard, its CSV, and its PDF rendered by a worker."""

from django.shortcuts import render

from common.access import partner_required
from common.audit import log_access
from common.csvexport import csv_response
from common.downloads import rendered_pdf_views

from .. import charts, documents, selectors
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
    header = [
        "Priority",
        "Source",
        "CTLP reference",
        "Toolkit area",
        "Reference",
        "Action",
        "Lead organisation",
        "Lead officer",
        "Start",
        "Due",
        "Status",
        "RAG",
        "Percent complete",
        "Weight",
        "Measure of success",
        "Marking",
        "Last update",
    ]
    rows = (
        [
            str(a.priority),
            a.priority.get_source_display(),
            a.priority.ctlp_reference,
            a.priority.get_toolkit_area_display(),
            a.reference,
            a.description,
            a.lead_organisation.name,
            a.lead_officer.name if a.lead_officer else "",
            a.start_date.isoformat(),
            a.due_date.isoformat(),
            a.get_status_display(),
            a.rag_label,
            a.percent_complete,
            a.weight,
            a.measure_of_success,
            a.get_marking_display(),
            a.last_update.isoformat() if a.last_update else "",
        ]
        for a in selectors.plan_actions(plan).iterator(chunk_size=500)
    )
    return csv_response(f"action-plan-{plan.year_label.replace('/', '-')}.csv", header, rows)


plan_pdf, plan_pdf_prepare = rendered_pdf_views(
    access=partner_required,
    owner=plan_for,
    pdf_of=lambda plan: GeneratedReport.objects.filter(plan=plan).first(),
    ask=documents.plan_pdf_request,
    page="actionplans:plan",
    audit="downloaded the plan as PDF",
)
