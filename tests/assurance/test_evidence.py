import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assurance import selectors, services
from assurance.models import Evidence
from tests.actionplans.factories import PlanFactory
from tests.meetings.factories import MeetingFactory
from tests.members.factories import TermsOfReferenceFactory
from tests.pdfs import blank_pdf

from .conftest import first

pytestmark = pytest.mark.django_db

# A real one-page PDF: an upload is rewritten by the cleaner, which refuses a file it cannot read.
PDF = blank_pdf()


@pytest.fixture
def media(file_storage):
    """A test storing documents runs twice: on the file system, then in an S3 bucket (tests/conftest.py)."""


def test_an_admin_finds_a_meeting_in_the_picker_and_links_it(admin_client, cycle):
    meeting = MeetingFactory(title="Prevent training review", past=True)
    assessment = first(cycle, "6.1")
    url = reverse("assurance:evidence_picker", args=[cycle.pk, assessment.pk])
    page = admin_client.get(url, {"q": "training review"}).content.decode()
    assert "Prevent training review" in page
    response = admin_client.post(url, {"record": f"meetings.meeting:{meeting.pk}"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    assert evidence.record == meeting and evidence.status == "accepted"
    assert "Prevent training review" in admin_client.get(response.url).content.decode()


def test_a_record_the_linker_may_not_see_is_refused(cycle, partner_user):
    draft = MeetingFactory(status="draft", title="Draft meeting")
    with pytest.raises(ValidationError, match="you may not see it"):
        services.evidence_link(assessment=first(cycle), record=draft, by=partner_user)
    assert not Evidence.objects.exists()


def test_a_record_of_a_kind_not_allowed_is_refused(cycle, admin_user):
    with pytest.raises(ValidationError, match="cannot be cited"):
        services.evidence_link(assessment=first(cycle), record=admin_user.organisation, by=admin_user)


def test_the_search_only_finds_what_the_searcher_may_see(db, partner_user, admin_user):
    MeetingFactory(status="draft", title="Secret planning")
    assert selectors.search_records(admin_user, "secret planning")
    assert selectors.search_records(partner_user, "secret planning") == []


def test_a_reader_never_sees_evidence_they_may_not_see(cycle, admin_user, partner_user):
    draft_plan = PlanFactory(year_label="2027/28", status="draft", title="Next year's draft")
    services.evidence_link(assessment=first(cycle), record=draft_plan, by=admin_user)
    assert [e.title for e in selectors.evidence_for(first(cycle), admin_user)]
    assert selectors.evidence_for(first(cycle), partner_user) == []


def test_a_document_is_checked_like_papers(media, cycle, admin_user):
    fake = SimpleUploadedFile("training.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a real PDF"):
        services.evidence_upload(
            assessment=first(cycle), upload=fake, title="Training", marking="official", by=admin_user
        )
    real = SimpleUploadedFile("training.pdf", PDF, content_type="application/pdf")
    evidence = services.evidence_upload(
        assessment=first(cycle), upload=real, title="Training log", marking="official_sensitive", by=admin_user
    )
    assert evidence.document and evidence.get_marking_display() == "OFFICIAL-SENSITIVE"


def test_the_upload_page_shows_the_error_summary(media, admin_client, cycle):
    assessment = first(cycle)
    response = admin_client.post(
        reverse("assurance:evidence_upload", args=[cycle.pk, assessment.pk]),
        {"title": "Log", "marking": "official", "document": SimpleUploadedFile("log.pdf", b"junk")},
    )
    assert "There is a problem" in response.content.decode()
    assert not Evidence.objects.exists()


def test_area_1_and_area_3_evidence_is_proposed_then_accepted_or_dismissed(admin_client, cycle, admin_user):
    terms = TermsOfReferenceFactory()
    meeting = MeetingFactory(past=True, title="Autumn partnership")
    plan = PlanFactory()
    made = services.evidence_propose(cycle=cycle, by=admin_user)
    proposed = {(e.assessment.criterion.number, e.record) for e in Evidence.objects.filter(is_snapshot=False)}
    assert {("1.1", terms), ("1.2", meeting), ("3.1", plan), ("3.2", plan)} <= proposed
    snapshots = [e.title for e in Evidence.objects.filter(is_snapshot=True, assessment__criterion__number="1.2")]
    assert any(title.startswith("Membership coverage on") for title in snapshots)
    assert made == len(proposed) + len(snapshots)
    assert services.evidence_propose(cycle=cycle, by=admin_user) == 0
    page = admin_client.get(reverse("assurance:cycle", args=[cycle.pk])).content.decode()
    assert "Proposed evidence" in page
    one, two = Evidence.objects.all()[:2]
    admin_client.post(reverse("assurance:evidence_decide", args=[one.pk]), {"decision": "accept"})
    admin_client.post(reverse("assurance:evidence_decide", args=[two.pk]), {"decision": "dismiss"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == ("accepted", "dismissed")


def test_partners_download_an_official_document_of_a_signed_off_assessment_but_not_a_sensitive_one(
    media, cycle, admin_user, partner_client
):
    from assurance.models import AssessmentCycle

    official, sensitive = (
        services.evidence_upload(
            assessment=first(cycle),
            upload=SimpleUploadedFile(f"{marking}.pdf", PDF, content_type="application/pdf"),
            title=marking,
            marking=marking,
            by=admin_user,
        )
        for marking in ("official", "official_sensitive")
    )
    url = lambda e: reverse("assurance:evidence_document", args=[e.pk])  # noqa: E731
    assert partner_client.get(url(official)).status_code == 404  # still a draft
    AssessmentCycle.objects.filter(pk=cycle.pk).update(status="signed_off")
    assert partner_client.get(url(official)).status_code == 200
    assert partner_client.get(url(sensitive)).status_code == 404
