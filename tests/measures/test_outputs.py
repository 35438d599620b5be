"""What plan measures give out: the plan's PDF with its measures and milestones, the quarterly highlight report (only
the exceptions) on a page and as a PDF a worker renders, and evidence files checked and cleaned like papers."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from measures import services
from measures.models import HighlightReport, Measurement
from tests.actionplans.factories import ActionFactory, PriorityFactory, UpdateFactory
from tests.pdfs import blank_pdf, scripted_pdf
from tests.realworld import wait_until

from .factories import MeasureFactory, MilestoneFactory

TODAY = timezone.localdate()


def _text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    # Words as a reader meets them: table cells wrap across lines in the PDF.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _exceptions(plan, admin_user):
    """A plan with one action of each kind: red on its results, amber by a missed milestone, stale, and green."""
    priority = PriorityFactory(plan=plan)
    start = min(plan.start_date, TODAY - datetime.timedelta(days=200))
    red = ActionFactory(priority=priority, description="Referrals from GP practices", start_date=start)
    MeasureFactory(action=red, title="Practices referring")
    services.measurement_record(
        measure=red.measures.get(), by=admin_user, period_start=TODAY - datetime.timedelta(days=40),
        period_end=TODAY - datetime.timedelta(days=10), value=Decimal(30), source="Referral log",
    )  # fmt: skip
    amber = ActionFactory(priority=priority, description="Health rota for the panel", start_date=start)
    MilestoneFactory(action=amber, title="Rota agreed", due_date=TODAY - datetime.timedelta(days=5))
    services.tracking_for(amber)
    services.standing_refresh(amber.pk)
    stale = ActionFactory(priority=priority, description="Newsletter to partners", start_date=start)
    UpdateFactory(action=stale, date=TODAY - datetime.timedelta(days=150))
    green = ActionFactory(priority=priority, description="Family guide published", start_date=start)
    UpdateFactory(action=green, date=TODAY - datetime.timedelta(days=3))
    for action in (red, amber):
        UpdateFactory(action=action, date=TODAY - datetime.timedelta(days=3))
    return red, amber, stale, green


@pytest.mark.django_db
def test_the_highlight_report_shows_only_the_exceptions(plan, admin_user, partner_client):
    _exceptions(plan, admin_user)
    page = partner_client.get(reverse("measures:highlight", args=[plan.pk])).content.decode()
    red = page.split("Red: off track")[1].split("Amber: at risk")[0]
    assert "Referrals from GP practices" in red and "Practices referring: 30 against a target of 90 (red)" in red
    amber = page.split("Amber: at risk")[1].split("Milestones missed")[0]
    assert "Health rota for the panel" in amber and "Milestone missed: Rota agreed" in amber
    assert "Newsletter to partners" in page.split('<h2 class="govuk-heading-l">Stale</h2>')[1]
    assert "Family guide published" not in page


@pytest.mark.django_db
def test_the_plan_pdf_carries_measures_and_milestones(plan, admin_user, partner_client, prepared_pdf):
    _exceptions(plan, admin_user)
    text = _text(
        prepared_pdf(
            partner_client,
            reverse("actionplans:plan_pdf_prepare", args=[plan.pk]),
            reverse("actionplans:plan_pdf", args=[plan.pk]),
        )
    )
    assert "Measures and milestones" in text
    assert "Practices referring" in text and "Milestone: Rota agreed" in text and "Missed" in text


@pytest.mark.django_db
def test_the_highlight_pdf_is_marked_by_the_actions_it_lists(plan, admin_user, partner_client, prepared_pdf):
    red, *_ = _exceptions(plan, admin_user)
    type(red).objects.filter(pk=red.pk).update(marking="official_sensitive")
    text = _text(
        prepared_pdf(
            partner_client,
            reverse("measures:highlight_pdf_prepare", args=[plan.pk]),
            reverse("measures:highlight_pdf", args=[plan.pk]),
        )
    )
    assert "OFFICIAL-SENSITIVE" in text and "Quarterly highlight report" in text
    assert "Family guide published" not in text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_the_highlight_report_after_the_request_commits(
    plan, admin_user, partner_client, celery_worker, media
):
    _exceptions(plan, admin_user)
    partner_client.post(reverse("measures:highlight_pdf_prepare", args=[plan.pk]))
    assert wait_until(lambda: HighlightReport.objects.filter(plan=plan, state="ready").exists(), timeout=60)
    text = _text(partner_client.get(reverse("measures:highlight_pdf", args=[plan.pk])))
    assert "Referrals from GP practices" in text and "Health rota for the panel" in text
    assert "Newsletter to partners" in text and "Family guide published" not in text


@pytest.mark.django_db
def test_evidence_pdfs_are_cleaned_of_what_runs_before_they_are_kept(own_action, partner_user, media):
    measure = MeasureFactory(action=own_action)
    result = services.measurement_record(
        measure=measure, by=partner_user, period_start=TODAY - datetime.timedelta(days=30), period_end=TODAY,
        value=Decimal(70), source="Training records",
        evidence=SimpleUploadedFile("register.pdf", scripted_pdf(), content_type="application/pdf"),
        marking="official_sensitive",
    )  # fmt: skip
    with result.evidence.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"%PDF-")
    assert b"/JavaScript" not in stored and b"/OpenAction" not in stored and b"payload.exe" not in stored


@pytest.mark.django_db
def test_evidence_reaches_those_who_read_the_action_and_its_download_is_logged(
    own_action, partner_user, partner_client, other_partner_client, client, media
):
    from auditlog.models import LogEntry

    result = services.measurement_record(
        measure=MeasureFactory(action=own_action), by=partner_user, period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY, value=Decimal(70), source="Training records",
        evidence=SimpleUploadedFile("register.pdf", blank_pdf(), content_type="application/pdf"),
    )  # fmt: skip
    url = reverse("measures:result_evidence", args=[result.pk])
    assert partner_client.get(url).status_code == 200
    assert other_partner_client.get(url).status_code == 200  # partners run the plan together
    assert client.get(url).status_code == 302  # the public is sent to sign in
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(result.pk)).count() == 2


@pytest.mark.django_db
def test_a_draft_plans_measures_are_for_admins_only(draft_action, partner_client, admin_client, admin_user):
    measure = MeasureFactory(action=draft_action)
    Measurement.objects.create(
        measure=measure, period_start=TODAY - datetime.timedelta(days=30), period_end=TODAY, value=50,
        source="x", recorded_by=admin_user,
    )  # fmt: skip
    assert partner_client.get(reverse("measures:result_create", args=[measure.pk])).status_code == 404
    assert partner_client.get(reverse("measures:highlight", args=[draft_action.priority.plan_id])).status_code == 404
    assert admin_client.get(reverse("measures:highlight", args=[draft_action.priority.plan_id])).status_code == 200
