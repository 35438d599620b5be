"""The meeting page and the action log run a fixed number of queries whatever their size."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Invitation, MeetingAction, Paper
from tests.factories import PersonFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def build_meeting(items, invitees, actions):
    meeting = MeetingFactory(status="agenda_published")
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i + 1, title=f"Item {i}", kind="matters_arising" if i == 0 else "")
        for i in range(items)
    )
    first = meeting.items.first()
    Paper.objects.bulk_create(
        Paper(item=item, title="Paper", file="papers/x", filename="x.pdf", kind="pdf", size=10)
        for item in meeting.items.all()
    )
    people = [PersonFactory() for _ in range(invitees)]
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=p) for p in people)
    earlier = MeetingFactory(past=True, group=meeting.group)
    MeetingAction.objects.bulk_create(
        MeetingAction(
            meeting=m, item=first if m == meeting else None, description=f"A{i}", owner=people[i % len(people)]
        )
        for i in range(actions)
        for m in (meeting, earlier)
    )
    return meeting


@pytest.mark.parametrize(("items", "invitees", "actions"), [(2, 2, 1), (30, 40, 60)])
def test_meeting_page_for_an_admin(admin_client, django_assert_num_queries, items, invitees, actions):
    meeting = build_meeting(items, invitees, actions)
    url = reverse("meetings:detail", args=[meeting.pk])
    # 13 for the page (matters arising: the first carried forward, counted in the same query; the invitations
    # with the quorum's member organisations in one query), 1 for the agenda pack PDFs, 1 for the emails panel
    # (counts; the failed ones are read only when there are some). 15, down from 16: the quorum's member
    # organisations were a query of their own.
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    # 14, down from 16: the actions agreed and those carried forward are a part of their own (the actions page).
    # +2: governance's sections on the meeting page (declarations prompt and decisions to ratify).
    # -1: the prompt reads the agenda only for a reader with registered interests (this admin has none).
    with django_assert_num_queries(15):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("items", "invitees", "actions"), [(2, 2, 1), (30, 40, 60)])
def test_meeting_actions_page_for_an_admin(admin_client, django_assert_num_queries, items, invitees, actions):
    meeting = build_meeting(items, invitees, actions)
    # Session, user, second-factor device, meeting; the actions agreed; the first carried forward with their count;
    # the minutes versions (for the contents list); the session saved in a savepoint (3).
    with django_assert_num_queries(10):
        response = admin_client.get(reverse("meetings:actions", args=[meeting.pk]))
    assert response.content.decode().count("/edit/?next=") == actions


@pytest.mark.parametrize(("items", "invitees", "actions"), [(2, 2, 1), (30, 40, 60)])
def test_change_the_agenda_page(admin_client, django_assert_num_queries, items, invitees, actions):
    meeting = build_meeting(items, invitees, actions)
    # Session, user, meeting, items, their papers, and the session saved in a savepoint (3).
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("meetings:agenda", args=[meeting.pk]))
    assert response.content.decode().count('class="govuk-summary-card"') == items


@pytest.mark.parametrize(("items", "invitees", "actions"), [(2, 2, 1), (30, 40, 60)])
def test_meeting_page_for_a_partner(partner_client, partner_user, django_assert_num_queries, items, invitees, actions):
    meeting = build_meeting(items, invitees, actions)
    Invitation.objects.create(meeting=meeting, person=partner_user.person)
    url = reverse("meetings:detail", args=[meeting.pk])
    # 13 for the page (matters arising: the first carried forward with their count in the same query; the
    # invitation is read once, for the reply form, and the need-to-know policy takes its answer from it),
    # 1 for the agenda pack PDFs. 13, down from 15: the policy no longer asks again whether they are invited, and
    # the signed-in user is read with their membership (members.backends).
    # 11, down from 13: the actions agreed and those carried forward are a part of their own (the actions page).
    # +2: governance's sections on the meeting page (declarations prompt and decisions to ratify).
    # -1: the prompt reads the agenda only for a reader with registered interests (this partner has none).
    with django_assert_num_queries(12):
        response = partner_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("items", "invitees", "actions"), [(2, 2, 1), (30, 40, 60)])
def test_meeting_actions_page_for_a_partner(
    partner_client, partner_user, django_assert_num_queries, items, invitees, actions
):
    meeting = build_meeting(items, invitees, actions)
    Invitation.objects.create(meeting=meeting, person=partner_user.person)
    # Session, user with membership, meeting; whether they are invited (the need-to-know policy asks once); the
    # actions agreed; the first carried forward with their count; the minutes versions; the session saved (3).
    with django_assert_num_queries(10):
        response = partner_client.get(reverse("meetings:actions", args=[meeting.pk]))
    assert response.status_code == 200 and "/edit/?next=" not in response.content.decode()


@pytest.mark.parametrize("count", [3, 2000])
def test_action_log(admin_client, django_assert_num_queries, count):
    meeting = MeetingFactory(past=True)
    owners = [PersonFactory() for _ in range(5)]
    MeetingAction.objects.bulk_create(
        MeetingAction(meeting=meeting, description=f"Action {i}", owner=owners[i % 5]) for i in range(count)
    )
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(10):
        response = admin_client.get(reverse("meetings:action_log"), {"page": 2 if count > 100 else 1})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_meetings_list(admin_client, django_assert_num_queries, count):
    for _ in range(count):
        MeetingFactory()
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(9):
        admin_client.get(reverse("meetings:index"))
