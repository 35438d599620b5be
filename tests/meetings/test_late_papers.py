"""Late papers: invitees hear once that papers were added after the agenda went out, never what they say."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Paper
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests.pdfs import blank_pdf, pdf_with_subject

from .factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = blank_pdf()
SECRET_CONTENT = pdf_with_subject("Subject X lives at 12 Acacia Avenue")


@pytest.fixture
def meeting(partner_user):
    meeting = MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED, agenda_published_at=timezone.now() - datetime.timedelta(days=1)
    )
    # Invited before the agenda went out (which this fixture does not send: it is about what follows).
    invited = timezone.now() - datetime.timedelta(days=2)
    InvitationFactory(meeting=meeting, person=partner_user.person, invited_at=invited)
    InvitationFactory(meeting=meeting, invited_at=invited)
    return meeting


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, title="Channel panel update")


def upload(client, item, title, content=PDF, **extra):
    data = {"file": SimpleUploadedFile("paper.pdf", content), "title": title, "marking": "official", **extra}
    response = client.post(reverse("meetings:paper_upload", args=[item.pk]), data)
    assert response.status_code == 302
    return Paper.objects.get(title=title)


def ten_minutes_pass():
    """The outbox holds late-paper emails for ten minutes; then the beat's run sends them."""
    EmailDelivery.objects.filter(status="pending").update(not_before=F("not_before") - datetime.timedelta(minutes=11))
    send_due_emails.delay()


def late_emails():
    return [m for m in mail.outbox if "late paper" in m.subject.lower()]


def test_invitees_are_told_of_a_paper_added_after_the_agenda_went_out(
    admin_client, meeting, item, other_partner_user, partner_user
):
    upload(admin_client, item, "Revised referral figures")
    send_due_emails.delay()
    assert late_emails() == []  # held back a few minutes, in case more papers follow
    ten_minutes_pass()
    emails = late_emails()
    invitees = {i.person.email for i in meeting.invitations.select_related("person")}
    assert {m.to[0] for m in emails} == invitees and len(emails) == 2
    for message in emails:
        assert "Revised referral figures" in message.subject and meeting.title in message.subject
        assert "Revised referral figures" in message.body and "Channel panel update" in message.body
        assert message.attachments == []  # the paper itself never travels by email
        # The meeting page for whoever can sign in; the other invitee has no sign-in and is told whom to ask.
        if message.to == [partner_user.email]:
            assert reverse("meetings:detail", args=[meeting.pk]) in message.body
        else:
            assert reverse("meetings:detail", args=[meeting.pk]) not in message.body
            assert "ask the partnership officer for it" in message.body
    assert other_partner_user.email not in {m.to[0] for m in mail.outbox}
    ten_minutes_pass()
    assert len(late_emails()) == 2  # once


def test_papers_uploaded_one_after_another_go_in_one_email(admin_client, meeting, item, partner_user):
    for title in ["Paper A", "Paper B", "Paper C"]:
        upload(admin_client, item, title)
    ten_minutes_pass()
    mine = [m for m in late_emails() if m.to == [partner_user.email]]
    assert len(mine) == 1
    assert "3 late papers" in mine[0].subject
    assert all(title in mine[0].body for title in ["Paper A", "Paper B", "Paper C"])


def test_a_paper_added_after_the_late_email_went_gets_its_own_email_listing_only_it(
    admin_client, meeting, item, partner_user
):
    upload(admin_client, item, "First late paper")
    ten_minutes_pass()
    upload(admin_client, item, "Second late paper")
    ten_minutes_pass()
    mine = [m for m in late_emails() if m.to == [partner_user.email]]
    assert len(mine) == 2
    assert "Second late paper" in mine[1].body and "First late paper" not in mine[1].body


@pytest.mark.parametrize(
    "extra",
    [{"is_confidential": "on", "confidential_reason": "Names an individual"}, {"marking": "official_sensitive"}],
)
def test_a_confidential_or_sensitive_paper_is_announced_to_invitees_without_its_title(
    admin_client, meeting, item, other_partner_user, extra
):
    upload(admin_client, item, "Subject X risk assessment", SECRET_CONTENT, **extra)
    ten_minutes_pass()
    emails = late_emails()
    assert len(emails) == 2
    for message in emails:
        for part in [message.subject, message.body, message.alternatives[0][0]]:
            assert "Subject X" not in part and "Acacia" not in part
        assert "under item" in message.body
    assert other_partner_user.email not in {m.to[0] for m in mail.outbox}


def test_papers_added_before_the_agenda_is_published_are_not_announced(admin_client, partner_user):
    meeting = MeetingFactory(status=Meeting.Status.SCHEDULED)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    upload(admin_client, AgendaItemFactory(meeting=meeting), "Early paper")
    ten_minutes_pass()
    assert not EmailDelivery.objects.filter(kind="late_papers").exists()
    assert late_emails() == []


def test_a_paper_deleted_before_the_email_goes_is_not_announced(admin_client, meeting, item):
    paper = upload(admin_client, item, "Uploaded by mistake")
    admin_client.post(reverse("meetings:paper_delete", args=[paper.pk]))
    assert not Paper.objects.exists()
    ten_minutes_pass()
    assert late_emails() == []
    assert set(EmailDelivery.objects.filter(kind="late_papers").values_list("status", flat=True)) == {"skipped"}


def test_someone_uninvited_meanwhile_hears_nothing(admin_client, meeting, item, partner_user):
    upload(admin_client, item, "Revised referral figures")
    meeting.invitations.filter(person=partner_user.person).delete()
    ten_minutes_pass()
    assert [m.to for m in late_emails()] == [[meeting.invitations.get().person.email]]
