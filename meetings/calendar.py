"""iCalendar for meetings: one `.ics` per meeting (also attached to emails) and a private feed per user.

UIDs are stable (`meeting-<pk>@<site host>`), SEQUENCE comes from `meeting.sequence` (raised on every
change invitees should see) and times carry TZID=Europe/London with a VTIMEZONE covering the dates, so
a meeting at 10:00 stays at 10:00 either side of the clock change. Cancelled meetings are sent as
METHOD:CANCEL with STATUS:CANCELLED so calendars remove them.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Partnership app//Meetings//EN"


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{site_host()}"


def _organizer_address():
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "prevent@example.org"


def _event(meeting, *, cancelled, attendees=()):
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    description = [f"{settings.PARTNERSHIP_NAME}: {meeting.group.name}"]
    if meeting.joining_link:
        description.append(f"Join online: {meeting.joining_link}")
        event.add("url", meeting.joining_link)
    description.append(f"Agenda and papers: {settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}")
    event.add("description", "\n".join(description))
    organizer = icalendar.vCalAddress(f"mailto:{_organizer_address()}")
    organizer.params["cn"] = icalendar.vText(settings.PARTNERSHIP_NAME)
    event.add("organizer", organizer)
    for person in attendees:
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = icalendar.vText(person.name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method=None, name=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/London")
    return cal


def _finish(cal, meetings):
    if meetings:
        first = min(m.starts_at for m in meetings).astimezone(LONDON).date()
        last = max(m.ends_at for m in meetings).astimezone(LONDON).date()
        cal.add_missing_timezones(
            first_date=first.replace(month=1, day=1), last_date=last.replace(month=12, day=31) + datetime.timedelta(1)
        )
    return cal.to_ical()


def meeting_ics(meeting, *, attendees=()):
    """Bytes of a one-event calendar: METHOD:REQUEST, or METHOD:CANCEL when the meeting is cancelled."""
    cancelled = meeting.status == meeting.Status.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(_event(meeting, cancelled=cancelled, attendees=attendees))
    return _finish(cal, [meeting])


def feed_ics(meetings, *, name):
    """Bytes of a subscription feed (METHOD:PUBLISH); cancelled meetings stay in it, marked cancelled."""
    meetings = list(meetings)
    cal = _calendar("PUBLISH", name=name)
    for meeting in meetings:
        cal.add_component(_event(meeting, cancelled=meeting.status == meeting.Status.CANCELLED))
    return _finish(cal, meetings)


def ics_filename(meeting):
    return f"meeting-{meeting.pk}.ics"
