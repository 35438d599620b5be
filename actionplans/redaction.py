"""What a plan and a board report hold as text, for the admin's redaction screen (registered in `apps.py`)."""

from django.urls import reverse

from . import documents
from .models import Action, BoardReportVersion, Priority, ProgressUpdate


def plan_texts(plan):
    rows = [(plan, ["title", "reopened_reason", "public_summary"])]
    rows += [
        (priority, ["title", "description", "unclassified_summary"]) for priority in Priority.objects.filter(plan=plan)
    ]
    rows += [(action, ["description", "measure_of_success"]) for action in Action.objects.filter(priority__plan=plan)]
    rows += [(update, ["narrative"]) for update in ProgressUpdate.objects.filter(action__priority__plan=plan)]
    return rows


def plan_after(plan):
    documents.plan_pdf_request(plan)


def plan_url(plan):
    return reverse("actionplans:plan", args=[plan.pk])


REPORT_FIELDS = [
    "addressee",
    "item_title",
    "responsible_officer",
    "summary",
    "recommendations",
    "risk_assessment",
    "financial_implications",
    "background",
    "additional_information",
    "conclusions",
    "background_papers",
    "appendices",
]


def report_texts(report):
    rows = [(report, REPORT_FIELDS)]
    rows += [(version, ["content"]) for version in BoardReportVersion.objects.filter(report=report)]
    return rows


def report_after(report):
    documents.board_report_pdf_request(report)


def report_url(report):
    return reverse("actionplans:board_report", args=[report.pk])
