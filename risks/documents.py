"""The register as a PDF (tagged PDF/UA-1, its marking on every page), rendered by a Celery worker like every PDF the
app keeps (`common.pdf`, `common.rendered`), and as CSV. Both hold every risk in full: admins only."""

from django.db import transaction
from django.utils import timezone

from common import need_to_know
from common.csvexport import csv_response
from common.pdf import render_pdf, render_requested

from . import selectors
from .models import RegisterPdf, Risk


def register_context(assessment):
    risks = list(
        Risk.objects.filter(assessment=assessment)
        .order_by(*selectors.NATURAL)
        .select_related("theme", "owner_organisation", "owner_officer")
        .prefetch_related("actions", "recommendations__source")
    )
    return {
        "assessment": assessment,
        "risks": risks,
        "heat_inherent": selectors.heat_map(selectors.positions_of(risks), title="Inherent risk"),
        "heat_residual": selectors.heat_map(selectors.positions_of(risks), title="Residual risk"),
        "summary": selectors.theme_counts(assessment),
        "marking": need_to_know.document_marking([assessment]),
        "today": timezone.localdate(),
    }


def register_build(assessment):
    content = render_pdf("pdf/risk_register.html", register_context(assessment))
    return content, f"risk-register-{assessment.period_label.replace('/', '-')}-v{assessment.number}.pdf"


def register_render(pdf_id):
    """Render one requested register and keep it; returns whether a file was stored."""
    return render_requested(
        RegisterPdf.objects.select_related("assessment"), pdf_id, lambda pdf: register_build(pdf.assessment)
    )


@transaction.atomic
def register_pdf_request(assessment):
    from .tasks import render_register

    pdf = RegisterPdf.request_for(assessment=assessment)
    render_register.delay_on_commit(pdf.pk)
    return pdf


COLUMNS = [
    "Reference", "Title", "Theme", "CTLP recommendations", "Local data", "Partner insight", "Owner organisation",
    "Owner", "Inherent likelihood", "Inherent impact", "Inherent score", "Residual likelihood", "Residual impact",
    "Residual score", "Residual band", "Why the residual is higher", "Controls", "Review date", "Status",
    "Why closed with open actions", "Plan actions", "Marking",
]  # fmt: skip


def register_csv(assessment):
    context = register_context(assessment)
    marking = context["marking"]

    def rows():
        for risk in context["risks"]:
            ctlp = [r.reference for r in risk.recommendations.all() if r.source.kind == "ctlp"]
            yield [
                risk.reference, risk.title, risk.theme.name, ", ".join(ctlp), "Yes" if risk.from_local_data else "No",
                "Yes" if risk.from_partner_insight else "No", risk.owner_organisation.name,
                risk.owner_officer.name if risk.owner_officer else "", risk.inherent_likelihood, risk.inherent_impact,
                risk.inherent_score, risk.residual_likelihood, risk.residual_impact, risk.residual_score,
                str(risk.residual_band[1]), risk.residual_reason, risk.controls, risk.review_date.isoformat(),
                risk.get_status_display(), risk.closed_reason, ", ".join(a.reference for a in risk.actions.all()),
                marking,
            ]  # fmt: skip

    filename = f"risk-register-{assessment.period_label.replace('/', '-')}-v{assessment.number}.csv"
    return csv_response(filename, COLUMNS, rows())
