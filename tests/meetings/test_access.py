"""Every meetings page by role: admin, invited partner, partner not invited, the public."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Invitation

from .factories import AgendaItemFactory, InvitationFactory, MeetingActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(partner_user):
    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=partner_user.person)
    AgendaItemFactory(meeting=meeting, title="Open item")
    AgendaItemFactory(meeting=meeting, title="Channel case themes", confidential=True)
    return meeting


ADMIN_ONLY = [
    ("meetings:create", False),
    ("meetings:schedule_year", False),
    ("meetings:group_add", False),
    ("meetings:action_log", False),
    ("meetings:attendance_report", False),
    ("meetings:edit", True),
    ("meetings:status", True),
    ("meetings:publish", True),
    ("meetings:item_add", True),
    ("meetings:invitees", True),
    ("meetings:attendance", True),
    ("meetings:action_add", True),
]


@pytest.mark.parametrize(("name", "needs_pk"), ADMIN_ONLY)
def test_admin_pages_answer_admins_forbid_partners_and_send_the_public_to_sign_in(
    name, needs_pk, meeting, admin_client, partner_client, client
):
    url = reverse(name, args=[meeting.pk] if needs_pk else [])
    assert admin_client.get(url).status_code == 200
    assert partner_client.get(url).status_code == 403
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_meeting_page_shows_confidential_items_to_admins_and_invitees_only(
    meeting, admin_client, partner_client, other_partner_client, client
):
    url = reverse("meetings:detail", args=[meeting.pk])
    assert "Channel case themes" in admin_client.get(url).content.decode()
    assert "Channel case themes" in partner_client.get(url).content.decode()
    page = other_partner_client.get(url).content.decode()
    assert "Open item" in page
    assert "Channel case themes" not in page
    assert "not invited" in page
    assert client.get(url).status_code == 302


def test_partners_never_see_a_draft_meeting(admin_client, partner_client):
    draft = MeetingFactory(status="draft")
    url = reverse("meetings:detail", args=[draft.pk])
    assert admin_client.get(url).status_code == 200
    assert partner_client.get(url).status_code == 404


def test_partners_see_the_invitee_list_only_as_their_own_reply(meeting, partner_client, admin_client):
    other = InvitationFactory(meeting=meeting, person__name="Someone Else Entirely")
    # Admins find each invitee's reply on the attendance page, linked from the meeting page.
    admin_page = admin_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:attendance", args=[meeting.pk]) in admin_page
    assert other.person.name in admin_client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    page = partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Someone Else Entirely" not in page
    assert "Your reply" in page
    assert partner_client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 403


def test_the_public_meetings_page_shows_dates_and_nothing_confidential(meeting, client):
    page = client.get(reverse("meetings:public_index")).content.decode()
    assert meeting.group.name in page
    assert "Channel case themes" not in page
    assert "Open item" not in page


def test_a_signed_in_partner_can_reply_from_the_meeting_page(meeting, partner_client, partner_user):
    response = partner_client.post(reverse("meetings:my_reply", args=[meeting.pk]), {"reply": "apologies"})
    assert response.status_code == 302
    assert Invitation.objects.get(meeting=meeting, person=partner_user.person).reply == "apologies"


def test_a_partner_not_invited_cannot_reply(meeting, other_partner_client):
    response = other_partner_client.post(reverse("meetings:my_reply", args=[meeting.pk]), {"reply": "attending"})
    assert response.status_code == 404


def test_actions_under_a_confidential_item_are_hidden_from_partners_not_invited(
    meeting, admin_client, partner_client, other_partner_client
):
    secret_item = meeting.items.get(is_confidential=True)
    MeetingActionFactory(meeting=meeting, item=secret_item, description="Follow up the named case")
    url = reverse("meetings:actions", args=[meeting.pk])  # the meeting's actions are a page of their own
    assert "Follow up the named case" in admin_client.get(url).content.decode()
    assert "Follow up the named case" in partner_client.get(url).content.decode()
    assert "Follow up the named case" not in other_partner_client.get(url).content.decode()


def test_minutes_pages_by_role(meeting, admin_client, partner_client, other_partner_client, client):
    version = services.minutes_start(meeting)
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert admin_client.get(url).status_code == 200
    assert partner_client.get(url).status_code == 404  # drafts are for admins
    services.minutes_circulate(version)
    assert partner_client.get(url).status_code == 200  # invitees comment on circulated minutes
    assert other_partner_client.get(url).status_code == 404
    assert client.get(url).status_code == 302
    assert client.get(reverse("meetings:public_minutes", args=[meeting.pk])).status_code == 404


def test_my_actions_and_calendar_pages_are_for_signed_in_partners(partner_client, client):
    for name in ("meetings:my_actions", "meetings:calendar_feed", "meetings:index"):
        assert partner_client.get(reverse(name)).status_code == 200
        assert client.get(reverse(name)).status_code == 302
