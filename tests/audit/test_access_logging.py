"""Reading confidential material leaves an "access" entry in the audit trail: who, when, from where."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Paper
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory
from tests.pdfs import blank_pdf

pytestmark = pytest.mark.django_db

PDF = blank_pdf()


@pytest.fixture
def meeting(partner_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=partner_user.person)
    return meeting


def access_entries():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS)


def test_an_invitee_viewing_a_confidential_item_is_logged(partner_client, partner_user, meeting):
    secret = AgendaItemFactory(meeting=meeting, confidential=True, title="Case review")
    AgendaItemFactory(meeting=meeting, title="Welcome")
    response = partner_client.get(reverse("meetings:detail", args=[meeting.pk]), REMOTE_ADDR="203.0.113.9")
    assert "Case review" in response.content.decode()
    entry = access_entries().get()
    assert (entry.object_id, entry.actor, entry.remote_addr) == (secret.pk, partner_user, "203.0.113.9")


def test_a_meeting_without_confidential_items_logs_no_access(partner_client, meeting):
    AgendaItemFactory(meeting=meeting, title="Welcome")
    partner_client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert not access_entries().exists()


def test_downloading_an_official_sensitive_paper_is_logged(admin_client, partner_client, partner_user, meeting):
    item = AgendaItemFactory(meeting=meeting)
    upload = {"file": SimpleUploadedFile("threat.pdf", PDF), "title": "Threat update", "marking": "official_sensitive"}
    assert admin_client.post(reverse("meetings:paper_upload", args=[item.pk]), upload).status_code == 302
    paper = Paper.objects.get()
    response = partner_client.get(reverse("meetings:paper_download", args=[paper.pk]))
    assert response.status_code == 200
    entry = access_entries().get()
    assert entry.actor == partner_user
    assert "OFFICIAL-SENSITIVE" in entry.changes_dict["accessed"][1]
