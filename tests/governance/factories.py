"""Helpers for governance tests: decisions in approved minutes, interests, motions."""

import datetime

from django.utils import timezone

from governance import services
from meetings import services as meeting_services
from meetings.models import Invitation
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, approve_minutes


def decided(texts, *, meeting=None, item=None, approve=True, **meeting_fields):
    """A past meeting whose minutes record these decisions (under `item`, or a new OFFICIAL item), approved."""
    meeting = meeting or MeetingFactory(past=True, **meeting_fields)
    item = item or AgendaItemFactory(meeting=meeting, title="Prevent duty training", position=5)
    version = meeting_services.minutes_start(meeting)
    decisions = [meeting_services.decision_add(version, text=text, item=item) for text in texts]
    if approve:
        approve_minutes(version)
    return decisions


def present(meeting, person, attendance=Invitation.Attendance.PRESENT):
    return Invitation.objects.create(meeting=meeting, person=person, attendance=attendance)


def interest(person, **fields):
    values = {"kind": "directorship", "body": "Northport Youth Trust", "starts_on": datetime.date(2024, 1, 1)}
    return services.interest_add(person, **{**values, **fields})


def motion(group, voters, *, hours=48, **fields):
    values = {
        "title": "Adopt the revised referral pathway",
        "text": "The partnership adopts the revised referral pathway.",
        "reasons": "The police asked for it before the next meeting.",
    }
    return services.motion_put(
        group=group, voters=voters, closes_at=timezone.now() + datetime.timedelta(hours=hours), **{**values, **fields}
    )
