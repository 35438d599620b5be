"""The register as a PDF (tagged, its marking on every page, rendered by the worker after commit) and as CSV, its
heat map (SVG with a table beside it), and the assessment as evidence for the self-assessment."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assurance import sources

from .factories import RiskFactory, agree

pytestmark = pytest.mark.django_db


def test_the_register_pdf_is_marked_official_sensitive_on_every_page(admin_client, assessment, meeting, prepared_pdf):
    for n in range(30):
        RiskFactory(assessment=assessment, title=f"Risk number {n} with a long title to fill the page")
    agree(assessment, meeting)
    response = prepared_pdf(
        admin_client,
        reverse("risks:register_pdf_prepare", args=[assessment.pk]),
        reverse("risks:register_pdf", args=[assessment.pk]),
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert len(reader.pages) > 1
    assert all("OFFICIAL-SENSITIVE" in page.extract_text() for page in reader.pages)
    assert "Risk number 29" in "".join(page.extract_text() for page in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_the_register_csv_lists_every_risk_with_its_marking(admin_client, assessment):
    RiskFactory(assessment=assessment, title="=HYPERLINK(evil)")
    RiskFactory(assessment=assessment)
    response = admin_client.get(reverse("risks:register_csv", args=[assessment.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Reference,Title,Theme") and len(lines) == 3
    assert "'=HYPERLINK(evil)" in text and "OFFICIAL-SENSITIVE" in lines[1]


def test_the_heat_map_places_inherent_and_residual_positions_with_a_table(admin_client, assessment):
    RiskFactory(assessment=assessment, inherent_likelihood=5, inherent_impact=4, residual_likelihood=2,
                residual_impact=3)  # fmt: skip
    response = admin_client.get(reverse("risks:assessment", args=[assessment.pk]))
    inherent, residual = response.context["heat_inherent"], response.context["heat_residual"]
    cell = {(c["likelihood"], c["impact"]): c for c in inherent["cells"]}
    assert cell[(5, 4)]["inherent"] == 1 and cell[(2, 3)]["inherent"] == 0
    cell = {(c["likelihood"], c["impact"]): c for c in residual["cells"]}
    assert cell[(2, 3)]["residual"] == 1
    page = response.content.decode()
    assert page.count('role="img"') >= 2 and "as a table" in page


def test_the_assessment_is_evidence_an_assurance_return_may_cite(admin_user, partner_user, assessment, meeting):
    RiskFactory(assessment=assessment)
    source = sources.SOURCES["risks.riskassessment"]
    assert list(source.visible(partner_user)) == []  # a draft
    agree(assessment, meeting)
    assert list(source.visible(partner_user)) == [assessment]
    assert list(source.search(admin_user, assessment.period_label)) == [assessment]
