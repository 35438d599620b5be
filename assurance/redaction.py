"""What a self-assessment holds as text, for the admin's redaction screen (registered in `apps.py`)."""

from django.urls import reverse

from . import documents
from .models import Assessment, Evidence


def cycle_texts(cycle):
    rows = [(cycle, ["correction_reason", "public_summary"])]
    assessments = Assessment.objects.filter(cycle=cycle)
    rows += [(assessment, ["narrative", "not_applicable_reason"]) for assessment in assessments]
    rows += [(evidence, ["title"]) for evidence in Evidence.objects.filter(assessment__in=assessments)]
    return rows


def cycle_after(cycle):
    documents.return_pdf_request(cycle)


def cycle_url(cycle):
    return reverse("assurance:cycle", args=[cycle.pk])
