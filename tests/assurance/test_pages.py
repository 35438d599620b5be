import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.models import BoardReport
from assurance import documents, services
from assurance.models import AssessmentCycle, ReturnPdf
from common.pdf import store_rendered
from tests.actionplans.factories import PlanFactory
from tests.factories import signed_in_client
from tests.meetings.factories import MeetingFactory

from .conftest import first, rate_all

pytestmark = pytest.mark.django_db


def _sign_off(cycle, *admins):
    services.cycle_submit(cycle=cycle)
    for admin, role in zip(admins, ["Chair", "Senior council lead"], strict=False):
        services.cycle_sign_off(cycle=cycle, by=admin, role_title=role)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def last_year(admin_user, second_admin):
    cycle = services.cycle_start(year_label="2025/26")
    rate_all(cycle, "partly_met")
    return _sign_off(cycle, admin_user, second_admin)


def test_the_matrix_shows_this_years_rating_beside_last_years(admin_client, last_year, cycle):
    services.assessment_save(assessment=first(cycle), rating="met", narrative="Reviewed.", confidence="high")
    page = admin_client.get(reverse("assurance:cycle", args=[cycle.pk])).content.decode()
    assert "2025/26" in page and "1. Multi-agency partnership group" in page
    row = page[page.index(f'id="criterion-{first(cycle).pk}"') :][:1500]
    assert "Met" in row and "Partly met" in row


def test_rating_without_a_narrative_shows_the_error_summary(admin_client, cycle):
    assessment = first(cycle)
    response = admin_client.post(
        reverse("assurance:assessment", args=[cycle.pk, assessment.pk]),
        {"rating": "met", "narrative": "", "confidence": "high"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "a rating needs a narrative" in page


def test_rating_a_criterion_from_its_page(admin_client, cycle):
    assessment = first(cycle)
    response = admin_client.post(
        reverse("assurance:assessment", args=[cycle.pk, assessment.pk]),
        {"rating": "partly_met", "narrative": "**Most** agencies attend.", "confidence": "medium"},
    )
    assert response.status_code == 302
    assert first(cycle).rating == "partly_met"


def test_two_admins_sign_off_from_the_page(admin_client, second_admin, rated_cycle):

    admin_client.post(reverse("assurance:submit", args=[rated_cycle.pk]))
    url = reverse("assurance:sign_off", args=[rated_cycle.pk])
    admin_client.post(url, {"role_title": "Chair", "confirm": "on"})
    again = admin_client.post(url, {"role_title": "Chair", "confirm": "on"})
    assert "A second person must sign it off" in again.content.decode()
    other = signed_in_client(second_admin)
    other.post(url, {"role_title": "Senior council lead", "confirm": "on"})
    rated_cycle.refresh_from_db()
    assert rated_cycle.status == AssessmentCycle.Status.SIGNED_OFF
    page = admin_client.get(reverse("assurance:cycle", args=[rated_cycle.pk])).content.decode()
    assert "Chair: signed" in page and "Senior council lead: signed" in page


def test_signing_off_an_incomplete_draft_is_refused_on_the_page(admin_client, cycle):
    response = admin_client.post(reverse("assurance:submit", args=[cycle.pk]), follow=True)
    assert "Every criterion needs a rating" in response.content.decode()


def test_who_changed_what_lists_rating_changes(admin_client, cycle):
    admin_client.post(
        reverse("assurance:assessment", args=[cycle.pk, first(cycle).pk]),
        {"rating": "not_met", "narrative": "Not yet.", "confidence": "low"},
    )
    page = admin_client.get(reverse("assurance:history", args=[cycle.pk])).content.decode()
    assert "Not met" in page or "not_met" in page
    assert "Changed" in page


def test_partners_read_only_a_signed_off_assessment(partner_client, admin_user, second_admin, cycle, last_year):
    assert partner_client.get(reverse("assurance:cycle", args=[cycle.pk])).status_code == 404
    assert partner_client.get(reverse("assurance:cycle", args=[last_year.pk])).status_code == 200
    assert partner_client.get(reverse("assurance:return", args=[last_year.pk])).status_code == 200
    assert (
        partner_client.get(reverse("assurance:assessment", args=[last_year.pk, first(last_year).pk])).status_code == 403
    )


def test_the_public_sees_nothing_until_a_summary_is_published(client, admin_client, last_year):
    assert "No summary has been published" in client.get(reverse("assurance:public_summary")).content.decode()
    admin_client.post(
        reverse("assurance:publish", args=[last_year.pk]), {"published": "on", "public_summary": "We meet the duty."}
    )
    assert "We meet the duty." in client.get(reverse("assurance:public_summary")).content.decode()


def test_the_workbook_has_one_row_per_criterion(admin_client, last_year):
    response = admin_client.get(reverse("assurance:return_xlsx", args=[last_year.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Self-assessment"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 19
    assert rows[0][1] == "1.1" and rows[0][3] == "Partly met"
    assert sheet["A1"].value.startswith("OFFICIAL")


def test_the_pdf_return_is_rendered_by_a_worker_with_page_numbers(
    admin_client, last_year, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("assurance:return_pdf_prepare", args=[last_year.pk]))
    response = admin_client.get(reverse("assurance:return_pdf", args=[last_year.pk]))
    content = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Prevent assurance 2025/26" in text
    assert f"Page 1 of {len(reader.pages)}" in text and "OFFICIAL" in text


def test_the_pdf_return_before_it_is_ready_sends_the_admin_back_to_prepare_it(admin_client, last_year):
    response = admin_client.get(reverse("assurance:return_pdf", args=[last_year.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assurance:return", args=[last_year.pk]) + "#pdf"
    assert "The PDF is not ready yet: prepare it from this page" in response.content.decode()


def test_a_return_render_overtaken_by_a_newer_request_is_thrown_away(
    last_year, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False):
        stale = documents.return_pdf_request(last_year)
    with django_capture_on_commit_callbacks(execute=False):
        documents.return_pdf_request(last_year)

    assert store_rendered(stale, generation=stale.generation, content=b"%PDF-old", filename="old.pdf") is False
    pdf = ReturnPdf.objects.get(cycle=last_year)
    assert (pdf.state, pdf.generation, pdf.file.name) == ("preparing", 2, "")
    assert list(tmp_path.rglob("old*.pdf")) == []


def test_the_annual_prevent_report_is_a_board_report_from_the_signed_off_assessment(admin_client, last_year):
    PlanFactory(year_label="2025/26", start_date="2025-04-01", end_date="2026-03-31")
    MeetingFactory(past=True)
    response = admin_client.post(
        reverse("assurance:annual_report", args=[last_year.pk]),
        {"addressee": "Health and Wellbeing Board", "responsible_officer": "Alex Morgan"},
    )
    report = BoardReport.objects.get()
    assert response.url == reverse("actionplans:board_report", args=[report.pk])
    assert "annual Prevent report 2025/26" in report.item_title
    assert "19 partly met" in report.summary
    assert "Multi-agency partnership group" in report.appendices
    assert report.plan is not None


def test_the_annual_report_needs_a_signed_off_assessment(admin_client, cycle):
    response = admin_client.post(
        reverse("assurance:annual_report", args=[cycle.pk]), {"addressee": "Health and Wellbeing Board"}
    )
    assert "Sign it off first" in response.content.decode()
    assert not BoardReport.objects.exists()


def test_a_partner_never_sees_an_improvement_action_in_a_draft_plan(partner_client, admin_user, last_year):
    from actionplans.models import Action
    from assurance.models import Assessment

    PlanFactory(year_label="2027/28", status="draft", title="Next year")
    gap = first(last_year)
    AssessmentCycle.objects.filter(pk=last_year.pk).update(status="draft")
    action = services.gap_create_action(assessment=gap, by=admin_user)
    AssessmentCycle.objects.filter(pk=last_year.pk).update(status="signed_off")
    assert Assessment.objects.get(pk=gap.pk).improvement_action == action
    for name in ("assurance:cycle", "assurance:return"):
        page = partner_client.get(reverse(name, args=[last_year.pk])).content.decode()
        assert action.description[:40] not in page and "Improvement action" not in page, name
    sheet = load_workbook(
        io.BytesIO(partner_client.get(reverse("assurance:return_xlsx", args=[last_year.pk])).content)
    )["Self-assessment"]
    assert all(row[9] in ("", None) for row in sheet.iter_rows(min_row=4, values_only=True))
    assert Action.objects.filter(pk=action.pk).exists()
