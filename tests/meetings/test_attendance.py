"""Attendance per invitee, guests, quorum and the yearly report by organisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors
from meetings.models import Invitation, Meeting
from tests.factories import OrganisationFactory

from .factories import GroupMembershipFactory, InvitationFactory, MainBoardFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    board = MainBoardFactory(quorum_fraction="0.50")
    meeting = MeetingFactory(group=board, starts_at=in_days(-1), status=Meeting.Status.AGENDA_PUBLISHED)
    invitations = []
    for _ in range(4):
        person = GroupMembershipFactory(group=board).person
        invitations.append(InvitationFactory(meeting=meeting, person=person))
    return meeting, invitations


def _attendance(*rows):
    """The attendance form as the page posts it: (invitation, attendance, deputy's name) per row."""
    data = {"attendance-TOTAL_FORMS": len(rows), "attendance-INITIAL_FORMS": len(rows)}
    for index, (invitation, attendance, *deputy) in enumerate(rows):
        data[f"attendance-{index}-invitation"] = invitation.pk
        data[f"attendance-{index}-attendance"] = attendance
        data[f"attendance-{index}-deputy_name"] = deputy[0] if deputy else ""
    return data


def test_the_attendance_page_lists_every_invitee_with_their_recorded_attendance(admin_client, held):
    meeting, (a, b, *_) = held
    b.deputy_name = "Sam Deputy"
    b.save()
    page = admin_client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert a.person.name in page and b.person.name in page
    assert f"Attendance of {a.person.name}" in page
    assert 'value="Sam Deputy"' in page  # the deputy they said would come, ready to confirm


def test_admins_record_attendance_and_the_meeting_becomes_held(admin_client, held):
    meeting, (a, b, c, d) = held
    response = admin_client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        _attendance((a, "present"), (b, "deputy", "Hannah Price"), (c, "apologies"), (d, "absent")),
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.attendance, b.attended_deputy_name) == ("deputy", "Hannah Price")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    page = admin_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "2</strong> of 4 member organisations represented; 2 needed" in page
    assert "Quorate" in page


def test_a_deputy_attendance_needs_the_deputys_name_and_nothing_is_saved_without_it(admin_client, held):
    meeting, (a, b, *_) = held
    response = admin_client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        _attendance((a, "present"), (b, "deputy", "")),
    )
    assert response.status_code == 200
    assert "Enter the name of the deputy" in response.content.decode()
    a.refresh_from_db()
    assert a.attendance == Invitation.Attendance.NOT_RECORDED


def test_attendance_cannot_be_recorded_before_the_meeting(admin_client):
    meeting = MeetingFactory()
    invitation = InvitationFactory(meeting=meeting)
    response = admin_client.post(
        reverse("meetings:attendance", args=[meeting.pk]), _attendance((invitation, "present"))
    )
    assert "once the meeting has started" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.NOT_RECORDED


def test_another_meetings_invitation_cannot_be_recorded_from_this_page(admin_client, held):
    meeting, (a, *_) = held
    elsewhere = InvitationFactory(meeting=MeetingFactory(starts_at=in_days(-2)))
    response = admin_client.post(
        reverse("meetings:attendance", args=[meeting.pk]), _attendance((a, "present"), (elsewhere, "present"))
    )
    assert response.status_code == 200
    assert "The list of invitees has changed" in response.content.decode()
    a.refresh_from_db()
    elsewhere.refresh_from_db()
    assert a.attendance == elsewhere.attendance == Invitation.Attendance.NOT_RECORDED


def test_an_unknown_attendance_is_refused(admin_client, held):
    meeting, (a, *_) = held
    response = admin_client.post(reverse("meetings:attendance", args=[meeting.pk]), _attendance((a, "asleep")))
    assert "Select a valid choice" in response.content.decode()
    a.refresh_from_db()
    assert a.attendance == Invitation.Attendance.NOT_RECORDED


def test_guests_are_recorded(admin_client, held):
    meeting, _ = held
    admin_client.post(
        reverse("meetings:guest_add", args=[meeting.pk]),
        {"guest-name": "Dr Lena Fischer", "guest-organisation_name": "Home Office", "guest-role": "Presenter"},
    )
    assert meeting.guests.get().name == "Dr Lena Fischer"


def test_the_attendance_report_counts_per_organisation_and_leaves_out_cancelled_meetings(admin_client):
    year = timezone.localdate().year - 1
    college = OrganisationFactory(name="Northport College")
    person = GroupMembershipFactory(group=MainBoardFactory(), person__organisation=college).person

    def meeting_on(month, status="held"):
        start = datetime.datetime(year, month, 10, 10, tzinfo=datetime.UTC)
        return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=status)

    for month, attendance in [(3, "present"), (6, "apologies"), (9, "deputy"), (12, "present")]:
        InvitationFactory(meeting=meeting_on(month), person=person, attendance=attendance)
    InvitationFactory(meeting=meeting_on(11, status="cancelled"), person=person, attendance="absent")

    rows = selectors.attendance_by_organisation(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    assert rows == [
        {
            "organisation": college,
            "meetings": 4,
            "present": 2,
            "apologies": 1,
            "absent": 0,
            "deputy": 1,
            "not_recorded": 0,
        }
    ]


def test_quorum_counts_organisations_not_people(held):
    meeting, invitations = held
    for invitation in invitations:
        invitation.attendance = "present"
        invitation.save()
    assert selectors.meeting_quorum(meeting) == {"present": 4, "needed": 2, "total": 4, "met": True}


def test_the_attendance_report_counts_organisations_once_a_meeting_and_only_meetings_that_have_happened(admin_client):
    council = OrganisationFactory(name="Northport City Council")
    board = MainBoardFactory()
    officers = [GroupMembershipFactory(group=board, person__organisation=council).person for _ in range(3)]
    held = MeetingFactory(past=True)
    InvitationFactory(meeting=held, person=officers[0], attendance="present")
    InvitationFactory(meeting=held, person=officers[1], attendance="present")
    InvitationFactory(meeting=held, person=officers[2], attendance="apologies")
    upcoming = MeetingFactory(starts_at=held.starts_at + datetime.timedelta(days=60))
    upcoming.starts_at = timezone.now() + datetime.timedelta(days=5)
    upcoming.save()
    InvitationFactory(meeting=upcoming, person=officers[0])

    day = timezone.localdate()
    rows = selectors.attendance_by_organisation(day - datetime.timedelta(days=365), day + datetime.timedelta(days=365))

    assert rows == [
        {
            "organisation": council,
            "meetings": 1,
            "present": 1,
            "apologies": 0,
            "absent": 0,
            "deputy": 0,
            "not_recorded": 0,
        }
    ]


def _as_shown(response):
    """The attendance form posted back exactly as the page showed it."""
    formset = response.context["formset"]
    data = {"attendance-TOTAL_FORMS": len(formset.forms), "attendance-INITIAL_FORMS": len(formset.forms)}
    for form in formset.forms:
        for name in ("invitation", "attendance", "deputy_name"):
            data[form[name].html_name] = form[name].value() or ""
    return data


def test_attendance_not_yet_recorded_starts_from_each_reply_and_saving_unchanged_records_it(admin_client, held):
    meeting, (coming, deputy, sorry, silent) = held
    Invitation.objects.filter(pk=coming.pk).update(reply=Invitation.Reply.ATTENDING)
    Invitation.objects.filter(pk=deputy.pk).update(reply=Invitation.Reply.DEPUTY, deputy_name="Sam Deputy")
    Invitation.objects.filter(pk=sorry.pk).update(reply=Invitation.Reply.APOLOGIES)
    url = reverse("meetings:attendance", args=[meeting.pk])

    response = admin_client.get(url)
    shown = {form["invitation"].value(): form["attendance"].value() for form in response.context["formset"].forms}
    assert shown == {
        coming.pk: "present",
        deputy.pk: "deputy",
        sorry.pk: "apologies",
        silent.pk: "not_recorded",
    }

    assert admin_client.post(url, _as_shown(response)).status_code == 302
    recorded = {i.pk: (i.attendance, i.attended_deputy_name) for i in meeting.invitations.all()}
    assert recorded == {
        coming.pk: ("present", ""),
        deputy.pk: ("deputy", "Sam Deputy"),
        sorry.pk: ("apologies", ""),
        silent.pk: ("not_recorded", ""),
    }


def test_recorded_attendance_is_shown_rather_than_the_reply(admin_client, held):
    meeting, (coming, *_) = held
    Invitation.objects.filter(pk=coming.pk).update(reply=Invitation.Reply.ATTENDING, attendance="absent")
    response = admin_client.get(reverse("meetings:attendance", args=[meeting.pk]))
    shown = {form["invitation"].value(): form["attendance"].value() for form in response.context["formset"].forms}
    assert shown[coming.pk] == "absent"


def test_the_meeting_pages_summary_counts_member_organisations_once_and_only_those(held):
    meeting, (a, b, c, _) = held
    colleague = GroupMembershipFactory(group=meeting.group, person__organisation=a.person.organisation).person
    outsider = InvitationFactory(meeting=meeting, attendance="present")  # not of a member organisation
    for invitation, attendance in [(a, "present"), (b, "deputy"), (c, "apologies")]:
        invitation.attendance = attendance
        invitation.reply = "attending"
        invitation.save()
    InvitationFactory(meeting=meeting, person=colleague, attendance="present")
    summary = selectors.invitation_summary(meeting)
    assert (
        summary["quorum"] == selectors.meeting_quorum(meeting) == {"present": 2, "needed": 2, "total": 4, "met": True}
    )
    assert summary["invited_count"] == 6
    assert dict(summary["replies_count"])["Attending"] == 3
    assert outsider.person.organisation_id not in {i.person.organisation_id for i in (a, b, c)}


def test_the_meeting_pages_summary_counts_member_organisations_when_nobody_is_invited():
    board = MainBoardFactory(quorum_fraction="0.50")
    for _ in range(3):
        GroupMembershipFactory(group=board)
    meeting = MeetingFactory(group=board)
    assert selectors.invitation_summary(meeting) == {
        "invited_count": 0,
        "replies_count": [("No reply", 0), ("Attending", 0), ("Apologies", 0), ("Sending a deputy", 0)],
        "quorum": {"present": 0, "needed": 2, "total": 3, "met": False},
    }
