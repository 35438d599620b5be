"""When a membership closes, what the member held stops working: reply links, the calendar feed, their sessions."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from meetings import replies
from meetings.models import CalendarFeed, Invitation
from members import services as member_services
from members.models import Organisation

from .factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_links(partner_user, partner_client):
    """A partner with a reply link in their inbox, a calendar feed in their calendar app and a session open."""
    invitation = InvitationFactory(meeting=MeetingFactory(status="agenda_published"), person=partner_user.person)
    link = replies.reply_url(invitation, "attending", absolute=False)
    partner_client.get(reverse("meetings:calendar_feed"))
    feed_url = reverse("meetings:feed", args=[CalendarFeed.objects.get(user=partner_user).token])
    return invitation, link, feed_url


def assert_all_revoked(client, partner_client, invitation, link, feed_url):
    response = client.post(link)
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    # The leaver is off the invitee list of meetings after they leave; any invitation kept was not answered.
    kept = Invitation.objects.filter(pk=invitation.pk).first()
    assert kept is None or kept.reply == Invitation.Reply.NO_REPLY
    assert client.get(feed_url).status_code == 404
    assert partner_client.get(reverse("meetings:calendar_feed")).status_code != 200
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]


def test_ending_a_membership_revokes_reply_links_feed_and_sessions(client, partner_client, partner_user, held_links):
    invitation, link, feed_url = held_links
    assert client.get(link).status_code == 200 and client.get(feed_url).status_code == 200
    person = partner_user.person
    member_services.person_end_membership(person=person, end_date=person.term_start)
    assert_all_revoked(client, partner_client, invitation, link, feed_url)


def test_an_organisation_leaving_revokes_its_members_links(client, partner_client, partner_user, held_links):
    invitation, link, feed_url = held_links
    organisation = partner_user.person.organisation
    member_services.organisation_leave(organisation=organisation, date_left=partner_user.person.term_start)
    assert Organisation.objects.get(pk=organisation.pk).status == Organisation.Status.LEFT
    assert_all_revoked(client, partner_client, invitation, link, feed_url)


def test_other_members_links_keep_working(client, partner_user, other_partner_user):
    other = InvitationFactory(meeting=MeetingFactory(status="agenda_published"), person=other_partner_user.person)
    link = replies.reply_url(other, "attending", absolute=False)
    person = partner_user.person
    member_services.person_end_membership(person=person, end_date=person.term_start)
    assert client.get(link).status_code == 200
