"""Emails about meetings. Confidential items never appear in a body; OFFICIAL-SENSITIVE ones only as a link."""

from django.conf import settings
from django.urls import reverse

from common.email import build_message, send_batch

from . import policy
from .models import AgendaItem, Invitation, MinutesVersion


def email_agenda(meeting):
    """The agenda as an email may carry it: (number, title, purpose, is_sensitive) with confidential items left out."""
    lines = []
    # Email is an unprotected channel: it carries the agenda as the public may read it (`policy.for_email`).
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    for item in policy.present_items(list(items), policy.Audience.PUBLIC):
        if item.withheld:
            continue
        lines.append(
            {
                "position": item.position,
                "title": None if item.exempt else item.title,
                "purpose": item.get_purpose_display(),
                "minutes_allowed": item.minutes_allowed,
                "sensitive": item.exempt,
            }
        )
    return lines


def meeting_url(meeting):
    return f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"


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
