import datetime
import io

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans import documents
from actionplans.forms import BoardReportForm
from actionplans.models import BoardReport, GeneratedReport
from common.pdf import store_rendered

from .conftest import pdf_text
from .factories import ActionFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _prepared(prepared_pdf, client, report):
    return prepared_pdf(
        client,
        reverse("actionplans:board_report_pdf_prepare", args=[report.pk]),
        reverse("actionplans:board_report_pdf", args=[report.pk]),
    )


@pytest.fixture
def report(admin_client, plan):
    ActionFactory(priority=PriorityFactory(plan=plan), status="at_risk", percent_complete=20)
    admin_client.post(
        reverse("actionplans:board_report_create"),
        {
            "addressee": "Health and Wellbeing Board",
            "plan": plan.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "meeting_date": "2026-10-15",
            "responsible_officer": "Alex Morgan",
        },
    )
    return BoardReport.objects.get()


def _form(report, **overrides):
    data = {
        field: getattr(report, field) or ""
        for field in BoardReportForm.Meta.fields
        if field not in ("meeting_date", "period_start", "period_end")
    }
    data.update(meeting_date="2026-10-15", period_start="2026-04-01", period_end="2026-09-30", version=report.version)
    data.update(overrides)
    return data


def test_a_new_report_is_prefilled_from_live_data(report, plan):
    assert f"The {plan} is 20% complete" in report.summary
    assert "1 at risk" in report.summary
    assert "existing budgets" in report.financial_implications


def test_the_report_pdf_is_prepared_by_a_worker_then_downloaded(
    admin_client, report, media, django_capture_on_commit_callbacks
):
    page_url = reverse("actionplans:board_report", args=[report.pk])
    download = reverse("actionplans:board_report_pdf", args=[report.pk])
    assert "No PDF has been prepared yet" in admin_client.get(page_url).content.decode()
    assert admin_client.get(download)["Location"].endswith(page_url + "#pdf")  # nothing to download yet

    with django_capture_on_commit_callbacks(execute=False) as queued:
        admin_client.post(reverse("actionplans:board_report_pdf_prepare", args=[report.pk]))
    assert GeneratedReport.objects.get(board_report=report).state == "preparing"
    assert "Being prepared" in admin_client.get(page_url).content.decode()

    for callback in queued:
        callback()  # the worker's turn (tasks run eagerly in tests)
    pdf = GeneratedReport.objects.get(board_report=report)
    assert pdf.state == "ready"
    page = admin_client.get(page_url).content.decode()
    assert "Ready" in page and download in page
    response = admin_client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert report.addressee in pdf_text(response)


def test_a_render_overtaken_by_a_newer_request_is_thrown_away(report, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stale = documents.board_report_pdf_request(report)
    with django_capture_on_commit_callbacks(execute=False):
        documents.board_report_pdf_request(report)

    assert store_rendered(stale, generation=stale.generation, content=b"%PDF-old", filename="old.pdf") is False
    stale.refresh_from_db()
    assert (stale.state, stale.generation, stale.file.name) == ("preparing", 2, "")


def test_the_report_prints_in_the_seeds_format(admin_client, report, prepared_pdf):
    text = pdf_text(_prepared(prepared_pdf, admin_client, report))
    for heading in [
        "Meeting date",
        "Responsible officer",
        "1. Summary",
        "2. Recommendations",
        "REPORT",
        "3. Risk assessment and opportunities appraisal",
        "4. Financial implications",
        "5. Background",
        "6. Additional information",
        "7. Conclusions",
        "List of background papers",
        "Appendices",
        "Statutory coverage",
        "Attendance by organisation",
        "RAG summary",
    ]:
        assert heading in text, heading


def test_approved_versions_are_kept_when_the_narrative_changes(admin_client, admin_user, report):
    admin_client.post(
        reverse("actionplans:board_report_edit", args=[report.pk]),
        _form(report, conclusions="First conclusions", threat_level="Substantial"),
    )
    admin_client.post(reverse("actionplans:board_report_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "approved"
    admin_client.post(
        reverse("actionplans:board_report_edit", args=[report.pk]), _form(report, conclusions="Second conclusions")
    )
    report.refresh_from_db()
    assert report.status == "draft"
    old = _text(admin_client.get(reverse("actionplans:board_report_version_pdf", args=[report.pk, 1])))
    assert "First conclusions" in old and "Second conclusions" not in old
    assert "approved version 1" in old
    admin_client.post(reverse("actionplans:board_report_approve", args=[report.pk]))
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]


def test_approval_refuses_an_empty_summary(admin_client, report):
    admin_client.post(reverse("actionplans:board_report_edit", args=[report.pk]), _form(report, summary=""))
    response = admin_client.post(reverse("actionplans:board_report_approve", args=[report.pk]), follow=True)
    assert "Complete these sections before approving: 1. Summary." in response.content.decode()
    assert not report.versions.exists()


def test_partners_and_the_public_cannot_see_board_reports(admin_client, partner_client, client, report, prepared_pdf):
    _prepared(prepared_pdf, admin_client, report)
    for url in [
        reverse("actionplans:board_report", args=[report.pk]),
        reverse("actionplans:board_report_pdf", args=[report.pk]),
    ]:
        assert partner_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    prepare = reverse("actionplans:board_report_pdf_prepare", args=[report.pk])
    assert partner_client.post(prepare).status_code == 403
    assert client.post(prepare).status_code == 302


def test_a_report_for_a_linked_body_shows_attendance_by_organisation(admin_client, partner_user, plan):
    from meetings.models import Invitation
    from members.models import LinkedBody

    from .factories import MeetingFactory

    body = LinkedBody.objects.create(name="Community Safety Partnership Board")
    held = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=30), status="held")
    Invitation.objects.create(meeting=held, person=partner_user.member, attendance="present")
    start = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    admin_client.post(
        reverse("actionplans:board_report_create"),
        {
            "linked_body": body.pk,
            "plan": plan.pk,
            "period_start": start,
            "period_end": timezone.localdate().isoformat(),
        },
    )
    report = BoardReport.objects.get()
    assert (report.linked_body, report.addressee) == (body, "Community Safety Partnership Board")
    page = admin_client.get(reverse("actionplans:board_report", args=[report.pk])).content.decode()
    assert f'<th scope="row">{partner_user.organisation.name}</th><td>1</td>' in page


def test_a_report_needs_somewhere_to_go(admin_client, plan):
    response = admin_client.post(
        reverse("actionplans:board_report_create"), {"period_start": "2026-04-01", "period_end": "2026-09-30"}
    )
    assert "Choose the linked body this report goes to" in response.content.decode()
    assert not BoardReport.objects.exists()


def test_the_prefilled_risk_section_names_ctlp_priorities_without_an_action_in_a_readable_sentence(admin_client, plan):
    PriorityFactory(
        plan=plan, number=6, title="Review the local risk assessment", source="ctlp", ctlp_reference="CTLP-6"
    )
    admin_client.post(
        reverse("actionplans:board_report_create"),
        {
            "addressee": "Community Safety Partnership",
            "plan": plan.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "meeting_date": "2026-10-15",
            "responsible_officer": "Alex Morgan",
        },
    )
    text = BoardReport.objects.get().risk_assessment
    assert "The CTLP priority \u201c6. Review the local risk assessment\u201d has no action yet." in text
    assert "Key risks: 6." not in text


def _live_and_approved_texts(client, report, prepared_pdf):
    """The text of the live report's PDF (prepared by the worker) and of its approved version 1."""
    live = pdf_text(_prepared(prepared_pdf, client, report))
    approved = _text(client.get(reverse("actionplans:board_report_version_pdf", args=[report.pk, 1])))
    return [" ".join(text.split()) for text in (live, approved)]


def test_the_report_and_its_approved_versions_print_dates_the_govuk_way(admin_client, report, prepared_pdf):
    admin_client.post(reverse("actionplans:board_report_approve", args=[report.pk]))
    for text in _live_and_approved_texts(admin_client, report, prepared_pdf):
        assert "Meeting date 15 October 2026" in text
        assert "1 April 2026 to 30 September 2026" in text
        assert "2026-" not in text


def test_a_report_without_a_meeting_date_says_so(admin_client, report, prepared_pdf):
    BoardReport.objects.filter(pk=report.pk).update(meeting_date=None)
    admin_client.post(reverse("actionplans:board_report_approve", args=[report.pk]))
    for text in _live_and_approved_texts(admin_client, report, prepared_pdf):
        assert "Meeting date To be confirmed" in text


def _render(source, day):
    return Template(source).render(Context({"day": day}))


def test_a_date_kept_as_iso_text_in_an_approved_version_prints_in_full():
    source = '{% load board_reports %}{{ day|as_date|date:"j F Y"|default:"To be confirmed" }}'
    assert _render(source, "2027-01-20") == "20 January 2027"
    assert _render(source, "") == "To be confirmed"
    assert _render(source, datetime.date(2027, 1, 20)) == "20 January 2027"
