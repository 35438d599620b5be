"""Emails about meetings. Confidential items never appear in a body; OFFICIAL-SENSITIVE ones only as a link."""

from django.conf import settings
from django.urls import reverse

from common.email import build_message, send_batch

from . import calendar, replies
from .models import AgendaItem, Invitation, Marking, Meeting, MinutesVersion


def email_agenda(meeting):
    """The agenda as an email may carry it: (number, title, purpose, is_sensitive) with confidential items left out."""
    lines = []
    for item in AgendaItem.objects.filter(meeting=meeting).public().order_by("position"):
        sensitive = item.marking == Marking.OFFICIAL_SENSITIVE
        lines.append(
            {
                "position": item.position,
                "title": None if sensitive else item.title,
                "purpose": item.get_purpose_display(),
                "minutes_allowed": item.minutes_allowed,
                "sensitive": sensitive,
            }
        )
    return lines


def meeting_url(meeting):
    return f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"


def agenda_published_messages(meeting):
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    invitations = list(meeting.invitations.select_related("person", "person__organisation").order_by("pk"))
    agenda = email_agenda(meeting)
    attachment = calendar.meeting_ics(meeting)
    messages = []
    for invitation in invitations:
        if not invitation.person.email:
            continue
        messages.append(
            build_message(
                "meeting_agenda_published",
                to=invitation.person.email,
                context={
                    "meeting": meeting,
                    "invitation": invitation,
                    "agenda": agenda,
                    "meeting_url": meeting_url(meeting),
                    "reply_urls": replies.reply_urls(invitation),
                },
                attachments=[(calendar.ics_filename(meeting), attachment, "text/calendar; method=REQUEST")],
            )
        )
    return messages


def send_agenda_published(meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.status != Meeting.Status.AGENDA_PUBLISHED:
        return 0
    return send_batch(agenda_published_messages(meeting))


def send_minutes_circulated(minutes_version_id):
    version = MinutesVersion.objects.select_related("minutes__meeting").filter(pk=minutes_version_id).first()
    if version is None or version.status != MinutesVersion.Status.CIRCULATED:
        return 0
    meeting = version.minutes.meeting
    url = f"{settings.SITE_URL}{reverse('meetings:minutes', args=[meeting.pk])}"
    # Everyone invited may comment: attendees know the content, and invitees see the draft on the site.
    invitations = meeting.invitations.select_related("person").exclude(person__email="")
    attended = [Invitation.Attendance.PRESENT, Invitation.Attendance.DEPUTY]
    if invitations.filter(attendance__in=attended).exists():
        invitations = invitations.filter(attendance__in=attended)
    messages = [
        build_message(
            "meeting_minutes_circulated",
            to=invitation.person.email,
            context={"meeting": meeting, "version": version, "person": invitation.person, "minutes_url": url},
        )
        for invitation in invitations
    ]
    return send_batch(messages)
