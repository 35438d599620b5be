"""Decisions between meetings: put with papers to voters, voted by emailed link or signed in, reminded, closed,
filed in the register with its published fields, ratified at the next meeting."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance.models import Motion, Vote
from outbox import services as outbox
from outbox.models import EmailDelivery
from returnrequests import services as returns
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory
from tests.pdfs import blank_pdf

from .factories import motion

pytestmark = pytest.mark.django_db


def _send_all(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.deliveries_queue(EmailDelivery.objects.filter(status="pending").values_list("pk", flat=True))


def _link(message):
    return re.search(r"https?://\S+/returns/\S+/", message.body).group(0)


def test_an_admin_puts_a_motion_with_its_paper_and_each_voter_is_emailed_a_link(
    admin_client, partner_user, other_partner_user, django_capture_on_commit_callbacks, settings, media
):
    meeting = MeetingFactory()
    closes = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("governance:motion_new"),
            {
                "group": meeting.group.pk, "title": "Adopt the referral pathway", "text": "Adopt it now.",
                "reasons": "The police asked.", "alternatives": "Waiting for March.", "marking": "official",
                "closes_at": closes, "voters": [partner_user.person.pk, other_partner_user.person.pk],
                "paper": SimpleUploadedFile("pathway.pdf", blank_pdf(), content_type="application/pdf"),
            },
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    put = Motion.objects.get()
    assert put.paper_filename == "pathway.pdf" and put.votes.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner_user.email, other_partner_user.email])
    assert "Adopt it now." in mail.outbox[0].body


def test_two_partners_vote_by_email_link_and_the_next_meeting_ratifies(
    client, admin_client, partner_user, other_partner_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        put = motion(meeting.group, [partner_user.person, other_partner_user.person])
    links = {m.to[0]: _link(m) for m in mail.outbox}
    for email, choice in ((partner_user.email, "for"), (other_partner_user.email, "for")):
        path = (
            links[email].split("testserver")[-1]
            if "testserver" in links[email]
            else "/" + links[email].split("/", 3)[3]
        )
        assert client.get(path).status_code == 200
        assert "Vote recorded" in client.post(path, {"choice": choice}).content.decode()
    put.refresh_from_db()
    assert (put.status, put.outcome, put.ratify_at) == ("closed", "carried", meeting)
    # The link works once.
    assert client.get(path).status_code in (200, 400)
    assert "Vote recorded" not in client.post(path, {"choice": "against"}).content.decode()
    assert Vote.objects.filter(choice="against").count() == 0
    page = client.get(reverse("governance:public_register")).content.decode()
    assert "Adopt the revised referral pathway" in page
    meeting_page = admin_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Decisions between meetings to ratify" in meeting_page
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + datetime.timedelta(days=1))
    admin_client.post(reverse("governance:motion_ratify", args=[put.pk]), {"meeting": meeting.pk})
    put.refresh_from_db()
    assert put.ratified_at is not None


def test_a_signed_in_partner_votes_and_a_second_vote_is_refused(partner_client, partner_user):
    put = motion(MeetingFactory().group, [partner_user.person, PersonFactory()])
    url = reverse("governance:motion_vote", args=[put.pk])
    partner_client.post(url, {"choice": "against"})
    response = partner_client.post(url, {"choice": "for"}, follow=True)
    assert "already cast" in response.content.decode()
    assert Vote.objects.get(person=partner_user.person).choice == "against"


def test_voters_who_have_not_voted_are_reminded_the_day_before_it_closes(
    partner_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        put = motion(MeetingFactory().group, [partner_user.person], hours=30)
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(hours=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert returns.requests_chase(kind="motion_vote", now=later) == 1
    assert len(mail.outbox) == 1 and "Reminder" in mail.outbox[0].subject
    assert put.title in mail.outbox[0].subject


def test_an_open_motion_is_not_in_the_public_register_and_a_sensitive_one_never_public(client, partner_user):
    put = motion(MeetingFactory().group, [partner_user.person], title="Open question")
    assert "Open question" not in client.get(reverse("governance:public_register")).content.decode()
    sensitive = motion(
        MeetingFactory().group, [partner_user.person], title="Sensitive question", marking="official_sensitive"
    )
    assert client.get(reverse("governance:motion", args=[put.pk])).status_code == 200  # OFFICIAL, as an agenda item
    from governance import services

    services.motion_close(sensitive)
    assert client.get(reverse("governance:motion", args=[sensitive.pk])).status_code == 404
    assert "Sensitive question" not in client.get(reverse("governance:public_register")).content.decode()
