"""Signed reply links: no sign-in needed, single-purpose, expiring, and changeable later."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from meetings import replies
from meetings.models import Invitation, Meeting

from .factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    return InvitationFactory(meeting=MeetingFactory(status="agenda_published"))


def path(invitation, answer):
    return replies.reply_url(invitation, answer, absolute=False)


def test_opening_a_link_changes_nothing_until_the_invitee_confirms(client, invitation):
    response = client.get(path(invitation, "attending"))
    assert response.status_code == 200
    assert "Confirm you will attend" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.NO_REPLY


def test_an_invitee_replies_without_signing_in_and_can_change_their_reply(client, invitation):
    response = client.post(path(invitation, "attending"))
    assert response.status_code == 200
    assert "Reply saved" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.ATTENDING
    assert invitation.replied_at is not None

    client.post(path(invitation, "apologies"))
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.APOLOGIES


def test_sending_a_deputy_needs_their_name(client, invitation):
    response = client.post(path(invitation, "deputy"), {"deputy_name": ""})
    assert "Enter the name of your deputy" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.NO_REPLY
    client.post(path(invitation, "deputy"), {"deputy_name": "Hannah Price"})
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.deputy_name) == ("deputy", "Hannah Price")


def test_a_tampered_link_is_refused_with_a_clear_message_and_nothing_changes(client, invitation):
    token = replies.make_token(invitation, "attending")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(reverse("meetings:reply", args=[tampered]))
    assert response.status_code == 400
    assert "This reply link is not valid" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.NO_REPLY


def test_a_link_for_one_invitation_cannot_be_edited_to_answer_another(client, invitation):
    other = InvitationFactory(meeting=invitation.meeting)
    payload = signing.loads(replies.make_token(invitation, "attending"), salt=replies.SALT)
    forged = signing.dumps({**payload, "i": other.pk}, salt="some.other.purpose")
    assert client.post(reverse("meetings:reply", args=[forged])).status_code == 400
    other.refresh_from_db()
    assert other.reply == Invitation.Reply.NO_REPLY


def test_a_link_carrying_another_invitations_id_with_the_wrong_key_is_refused(client, invitation):
    other = InvitationFactory(meeting=invitation.meeting)
    payload = signing.loads(replies.make_token(invitation, "attending"), salt=replies.SALT)
    forged = signing.dumps({**payload, "i": other.pk}, salt=replies.SALT)  # even with our key, the reply key differs
    assert client.post(reverse("meetings:reply", args=[forged])).status_code == 400


def test_an_expired_link_is_refused_once_the_meeting_has_ended(client, invitation):
    url = path(invitation, "attending")
    Meeting.objects.filter(pk=invitation.meeting_id).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = client.post(url)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.NO_REPLY


def test_links_stop_working_when_the_invitee_is_removed(client, invitation):
    url = path(invitation, "attending")
    invitation.delete()
    assert client.get(url).status_code == 400


def test_a_cancelled_meeting_needs_no_reply(client, invitation):
    url = path(invitation, "attending")
    Meeting.objects.filter(pk=invitation.meeting_id).update(status=Meeting.Status.CANCELLED)
    assert "cancelled" in client.get(url).content.decode()
