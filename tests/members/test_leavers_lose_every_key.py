"""A leaver loses every key: their sign-in, admin or not, their sessions, their groups and their places on the invitee
lists of meetings to come, so they stop counting towards quorum. The one thing the app keeps open, and says so: the
last council admin sign-in."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from meetings import selectors
from meetings.models import GroupMembership, Invitation
from members import services
from members.models import Person, User
from tests import factories
from tests.meetings.factories import GroupFactory, GroupMembershipFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _signed_in(user):
    return factories.signed_in_client(user)


def test_ending_a_council_admins_membership_closes_their_sign_in_and_signs_them_out(admin_client):
    leaving = factories.UserFactory(role="admin", email="leaving.admin@example.org")
    their_browser = _signed_in(leaving)
    assert their_browser.get(reverse("members:people")).status_code == 200
    response = admin_client.post(
        reverse("members:person_end", args=[leaving.person.pk]), {"end_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(leaving.pk)]
    assert their_browser.get(reverse("members:people")).status_code == 302  # to the sign-in page


def test_the_last_council_admin_cannot_end_their_membership_and_is_told_why(client):
    only = factories.UserFactory(role="admin", email="only.admin@example.org")
    User.objects.filter(role=User.Role.ADMIN).exclude(pk=only.pk).update(is_active=False)
    browser = _signed_in(only)
    response = browser.post(
        reverse("members:person_end", args=[only.person.pk]), {"end_date": timezone.localdate().isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "membership has not ended" in page
    assert "the only council admin sign-in still open" in page
    only.refresh_from_db()
    only.person.refresh_from_db()
    assert only.is_active and only.person.status == Person.Status.ACTIVE


def test_an_admin_closes_another_admins_sign_in_from_their_page(admin_client):
    other = factories.UserFactory(role="admin", email="other.admin@example.org")
    browser = _signed_in(other)
    page = admin_client.get(reverse("members:person_detail", args=[other.person.pk])).content.decode()
    assert reverse("members:person_login_close", args=[other.person.pk]) in page
    response = admin_client.post(reverse("members:person_login_close", args=[other.person.pk]), follow=True)
    assert "other.admin@example.org is closed and signed out everywhere" in response.content.decode()
    other.refresh_from_db()
    assert not other.is_active
    assert browser.get(reverse("members:people")).status_code == 302
    other.person.refresh_from_db()
    assert other.person.status == Person.Status.ACTIVE  # the membership is a separate thing


def test_the_last_open_admin_sign_in_is_not_closed_and_the_page_says_why():
    only = factories.UserFactory(role="admin")
    User.objects.filter(role=User.Role.ADMIN).exclude(pk=only.pk).update(is_active=False)
    response = _signed_in(only).post(reverse("members:person_login_close", args=[only.person.pk]), follow=True)
    assert "is the only council admin sign-in still open, so it stays open" in response.content.decode()
    only.refresh_from_db()
    assert only.is_active


def _board_with_three_organisations():
    group = GroupFactory(name="Channel Panel")
    people = [factories.UserFactory(role="partner").person for _ in range(3)]
    for person in people:
        GroupMembershipFactory(group=group, person=person)
    return group, people


def test_a_leaver_leaves_their_groups_and_the_invitee_lists_of_meetings_after_their_last_day():
    group, (stays, leaves, _third) = _board_with_three_organisations()
    today = timezone.localdate()
    soon = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=5))
    later = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=40))
    held = MeetingFactory(group=group, past=True)
    for meeting in (soon, later, held):
        for person in (stays, leaves):
            InvitationFactory(meeting=meeting, person=person)
    Invitation.objects.filter(meeting=held).update(attendance=Invitation.Attendance.PRESENT)
    services.person_end_membership(person=leaves, end_date=today + datetime.timedelta(days=10))
    assert not GroupMembership.objects.filter(person=leaves).exists()
    assert Invitation.objects.filter(meeting=soon, person=leaves).exists()  # before their last day
    assert not Invitation.objects.filter(meeting=later, person=leaves).exists()
    assert Invitation.objects.filter(meeting=held, person=leaves, attendance="present").exists()  # history stays
    assert Invitation.objects.filter(meeting=later, person=stays).exists()


def test_a_leavers_organisation_no_longer_counts_towards_quorum():
    group, (first, leaves, third) = _board_with_three_organisations()
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=40))
    for person in (first, leaves, third):
        InvitationFactory(meeting=meeting, person=person)
    assert selectors.meeting_quorum(meeting)["total"] == 3
    services.person_end_membership(person=leaves, end_date=timezone.localdate())
    assert selectors.meeting_quorum(meeting)["total"] == 2
    assert meeting.invitations.count() == 2
