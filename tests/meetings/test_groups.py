"""Groups' members are managed in the app: many at once, invited to the meetings to come, with their reminders."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import GroupMembership, Invitation, Meeting
from members.models import Person
from tests.factories import OrganisationFactory, PersonFactory
from tests.members.factories import JoinRequestFactory

from .factories import (
    GroupFactory,
    GroupMembershipFactory,
    InvitationFactory,
    MainBoardFactory,
    MeetingFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    return GroupFactory(name="Channel Panel")


def test_an_admin_adds_everyone_from_an_organisation_and_they_are_invited_to_meetings_to_come(admin_client, panel):
    college = OrganisationFactory(name="Northport College", sector="further_education")
    staff = [PersonFactory(organisation=college, name=name) for name in ("Ada Price", "Ben Okafor")]
    PersonFactory(organisation=college, name="Left Already", status="former")
    upcoming = MeetingFactory(group=panel, title="Panel, spring")
    past = MeetingFactory(group=panel, past=True)

    response = admin_client.post(
        reverse("meetings:group_detail", args=[panel.pk]), {"form": "add", "organisation": college.pk}
    )

    assert response.status_code == 302
    assert set(GroupMembership.objects.filter(group=panel).values_list("person__name", flat=True)) == {
        "Ada Price",
        "Ben Okafor",
    }
    assert set(Invitation.objects.filter(meeting=upcoming).values_list("person_id", flat=True)) == {p.pk for p in staff}
    assert not Invitation.objects.filter(meeting=past).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "2 people added to Channel Panel, and 2 invitations to its meetings to come" in page


def test_an_admin_adds_a_whole_sector_or_ticked_people_and_nobody_twice(admin_client, panel):
    schools = [OrganisationFactory(sector="secondary_school") for _ in range(2)]
    teachers = [PersonFactory(organisation=school) for school in schools]
    other = PersonFactory(organisation=OrganisationFactory(sector="police"))
    GroupMembershipFactory(group=panel, person=teachers[0])
    url = reverse("meetings:group_detail", args=[panel.pk])

    admin_client.post(url, {"form": "add", "sector": "secondary_school", "people": [other.pk]})

    members = list(GroupMembership.objects.filter(group=panel).values_list("person_id", flat=True))
    assert len(members) == len(set(members))
    assert {teachers[0].pk, teachers[1].pk, other.pk} <= set(members)
    assert all(
        p.organisation.sector == "secondary_school" for p in Person.objects.filter(pk__in=members).exclude(pk=other.pk)
    )


def test_adding_nobody_names_the_field_and_keeps_the_page(admin_client, panel):
    PersonFactory()
    response = admin_client.post(reverse("meetings:group_detail", args=[panel.pk]), {"form": "add"})
    assert response.status_code == 400
    assert "Select the people to add" in response.content.decode()


def test_removing_a_member_withdraws_only_unanswered_invitations_to_meetings_to_come(admin_client, panel):
    person = PersonFactory()
    GroupMembershipFactory(group=panel, person=person)
    upcoming = MeetingFactory(group=panel)
    answered = MeetingFactory(group=panel, starts_at=in_days(40))
    InvitationFactory(meeting=upcoming, person=person)
    InvitationFactory(meeting=answered, person=person, reply="attending")

    admin_client.post(reverse("meetings:group_member_remove", args=[panel.pk, person.pk]))

    assert not GroupMembership.objects.filter(group=panel, person=person).exists()
    assert list(Invitation.objects.filter(person=person).values_list("meeting_id", flat=True)) == [answered.pk]


def test_reminder_days_are_set_on_the_group_page_and_bad_ones_are_refused(admin_client, panel):
    url = reverse("meetings:group_detail", args=[panel.pk])
    admin_client.post(url, {"form": "reminders", "offsets": "2, 14"})
    panel.refresh_from_db()
    assert panel.reminder_offsets_days == [14, 2]

    response = admin_client.post(url, {"form": "reminders", "offsets": "fortnight"})
    assert response.status_code == 400
    assert "Enter whole numbers of days" in response.content.decode()
    panel.refresh_from_db()
    assert panel.reminder_offsets_days == [14, 2]


def test_an_admin_invites_many_people_to_one_meeting_at_once(admin_client):
    meeting = MeetingFactory(status=Meeting.Status.SCHEDULED)
    people = [PersonFactory() for _ in range(3)]
    response = admin_client.post(
        reverse("meetings:invitees", args=[meeting.pk]), {"people": [p.pk for p in people[:2]]}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(meeting=meeting).count() == 2
    assert "2 people invited" in admin_client.get(response["Location"]).content.decode()


def test_partners_cannot_manage_groups(partner_client, panel):
    assert partner_client.get(reverse("meetings:group_detail", args=[panel.pk])).status_code == 403


def _offered_link(page):
    """The "Add them to the main board" link in a success message."""
    match = re.search(r'href="([^"]+)">Add them to the main board</a>', page)
    assert match, "no offer to add them to the main board"
    return html.unescape(match.group(1))


def _ticked(page):
    boxes = [tag for tag in re.findall(r"<input[^>]*>", page) if 'name="people"' in tag]
    return {int(re.search(r'value="(\d+)"', tag).group(1)) for tag in boxes if "checked" in tag}


def test_an_approved_applicant_is_offered_for_the_main_board_ticked_and_first(admin_client):
    board = MainBoardFactory(name="Prevent Partnership Board")
    september = MeetingFactory(group=board)
    PersonFactory(name="Aaron Longstanding", term_start=in_days(-400).date())
    request = JoinRequestFactory(name="Zara New", email="zara@example.org")

    response = admin_client.post(
        reverse("members:join_request_approve", args=[request.pk]), {"role": "representative"}, follow=True
    )
    request.refresh_from_db()
    link = _offered_link(response.content.decode())

    board_page = admin_client.get(link, follow=True)
    page = board_page.content.decode()
    assert board_page.redirect_chain[-1][0].startswith(reverse("meetings:group_detail", args=[board.pk]))
    assert _ticked(page) == {request.person_id}
    assert page.index("Zara New") < page.index("Aaron Longstanding")  # newest members first

    admin_client.post(board_page.redirect_chain[-1][0], {"form": "add", "people": [request.person_id]})
    assert Invitation.objects.filter(meeting=september, person=request.person).exists()


def test_imported_people_are_offered_for_the_main_board(admin_client):
    board = MainBoardFactory()
    text = "name,email,status\nPriya Raman,priya@example.org,active\nLeon Fraser,leon@example.org,active\n"
    admin_client.post(
        reverse("members:people_import"), {"file": SimpleUploadedFile("p.csv", text.encode(), "text/csv")}
    )
    response = admin_client.post(reverse("members:people_import"), {"action": "confirm"}, follow=True)
    page = response.content.decode()
    assert "Imported 2 people." in page
    board_page = admin_client.get(_offered_link(page), follow=True).content.decode()
    imported = set(
        Person.objects.filter(email__in=["priya@example.org", "leon@example.org"]).values_list("pk", flat=True)
    )
    assert _ticked(board_page) == imported
    assert board.name in board_page


def test_without_a_main_board_the_offer_leads_to_the_groups_page(admin_client):
    response = admin_client.get(reverse("meetings:main_board_members"), follow=True)
    assert "There is no main board yet" in response.content.decode()
