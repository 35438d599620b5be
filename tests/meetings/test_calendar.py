"""Calendar files: stable UIDs, SEQUENCE, cancellations, and London time across the clock change."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from meetings import calendar, services
from meetings.models import CalendarFeed

from .factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def parse(content):
    cal = icalendar.Calendar.from_ical(content)
    return cal, next(iter(cal.walk("VEVENT")))


def test_a_meetings_ics_has_a_stable_uid_and_its_sequence():
    meeting = MeetingFactory()
    first = parse(calendar.meeting_ics(meeting))[1]
    meeting.sequence = 3
    again = parse(calendar.meeting_ics(meeting))[1]
    assert str(first["UID"]) == str(again["UID"]) == f"meeting-{meeting.pk}@partnership.example.org"
    assert int(again["SEQUENCE"]) == 3


def test_a_cancelled_meeting_is_sent_as_a_cancellation():
    meeting = MeetingFactory()
    services.meeting_set_status(meeting, status="cancelled", note="Snow")
    meeting.refresh_from_db()
    cal, event = parse(calendar.meeting_ics(meeting))
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


@pytest.mark.parametrize(("month", "utc_hour"), [(3, 10), (6, 9)])  # GMT in March, BST in June
def test_ten_oclock_london_time_stays_ten_oclock_either_side_of_the_clock_change(month, utc_hour):
    start = datetime.datetime(2030, month, 11, 10, tzinfo=LONDON)
    meeting = MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    content = calendar.meeting_ics(meeting).decode()
    assert "DTSTART;TZID=Europe/London:20300" in content
    assert "BEGIN:VTIMEZONE" in content
    assert "TZID:Europe/London" in content
    _, event = parse(content)
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == utc_hour


def test_the_ics_download_is_for_those_who_can_see_the_meeting(admin_client, partner_client, client):
    meeting = MeetingFactory(status="draft")
    url = reverse("meetings:ics", args=[meeting.pk])
    assert admin_client.get(url)["Content-Type"].startswith("text/calendar")
    assert partner_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_a_private_feed_lists_the_meetings_a_partner_is_invited_to(partner_client, partner_user, client):
    mine = InvitationFactory(person=partner_user.person, meeting__title="Mine").meeting
    MeetingFactory(title="Not mine")
    partner_client.get(reverse("meetings:calendar_feed"))
    feed = CalendarFeed.objects.get(user=partner_user)
    response = client.get(reverse("meetings:feed", args=[feed.token]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"meeting-{mine.pk}@" in content
    assert "Not mine" not in content


def test_an_admins_private_feed_lists_every_meeting_with_the_second_factor_required(
    settings, admin_client, admin_user, client
):
    """The feed is read by its address alone, with no session and so no second factor: it states its own rule."""
    settings.REQUIRE_ADMIN_2FA = True
    titles = ["Spring board", "Summer board", "Draft board", "Postponed board", "Cancelled board"]
    statuses = ["scheduled", "agenda_published", "draft", "postponed", "cancelled"]
    for title, status in zip(titles, statuses, strict=True):
        MeetingFactory(title=title, status=status)  # the admin is invited to none of them
    page = admin_client.get(reverse("meetings:calendar_feed"))
    assert "every scheduled meeting" in page.content.decode()
    feed = CalendarFeed.objects.get(user=admin_user)

    response = client.get(reverse("meetings:feed", args=[feed.token]))

    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(event["summary"]) for event in cal.walk("VEVENT")) == sorted(titles)


def test_resetting_the_feed_revokes_the_old_address(partner_client, partner_user, client):
    partner_client.get(reverse("meetings:calendar_feed"))
    old = CalendarFeed.objects.get(user=partner_user).token
    partner_client.post(reverse("meetings:calendar_feed"))
    new = CalendarFeed.objects.get(user=partner_user).token
    assert new != old
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_an_unknown_feed_token_is_not_found(client):
    assert client.get(reverse("meetings:feed", args=["nope"])).status_code == 404
