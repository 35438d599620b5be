"""The meetings app's models, one module per screen family; everything is importable from `meetings.models`."""

from .meetings import (
    AgendaItem,
    Group,
    GroupMembership,
    Guest,
    Invitation,
    Marking,
    Meeting,
    MeetingAction,
    Paper,
    StandingItem,
    paper_upload_to,
)
from .minutes import Decision, MinuteNote, Minutes, MinutesVersion
from .outputs import CalendarFeed, GeneratedPdf, _feed_token, generated_pdf_upload_to
from .progress import ActionProgress

__all__ = [
    "ActionProgress",
    "AgendaItem",
    "CalendarFeed",
    "Decision",
    "GeneratedPdf",
    "Group",
    "GroupMembership",
    "Guest",
    "Invitation",
    "Marking",
    "Meeting",
    "MeetingAction",
    "MinuteNote",
    "Minutes",
    "MinutesVersion",
    "Paper",
    "StandingItem",
    "_feed_token",
    "generated_pdf_upload_to",
    "paper_upload_to",
]
