"""What a meeting holds as text, for the admin's redaction screen (`common.redaction`, registered in `apps.py`).

A meeting's passage may be anywhere in it: its items, papers' titles, actions, guests, deputies' names, the subjects
of the emails sent about it, and every version of its minutes (summary, notes, decisions, and what approved minutes
keep: `minutes_record`). All of it is one record to redact, so a name leaves the meeting at once, approved versions
included, and its PDFs are made again."""

from django.urls import reverse

from outbox.models import EmailDelivery

from . import documents
from .models import Decision, MinuteNote, MinutesVersion, Paper


def meeting_texts(meeting):
    rows = [(meeting, ["title", "venue", "status_note"])]
    rows += [(item, ["title", "presenter", "description", "confidential_reason"]) for item in meeting.items.all()]
    rows += [(paper, ["title"]) for paper in Paper.objects.filter(item__meeting=meeting)]
    rows += [(action, ["description", "completion_note"]) for action in meeting.actions.all()]
    rows += [(guest, ["name", "organisation_name", "role"]) for guest in meeting.guests.all()]
    rows += [(invitation, ["deputy_name", "attended_deputy_name"]) for invitation in meeting.invitations.all()]
    versions = MinutesVersion.objects.filter(minutes__meeting=meeting)
    rows += [(version, ["summary", "correction_reason", "record"]) for version in versions]
    rows += [(note, ["text", "item_title"]) for note in MinuteNote.objects.filter(minutes_version__in=versions)]
    rows += [(decision, ["text", "item_title"]) for decision in Decision.objects.filter(minutes_version__in=versions)]
    # The subjects of the emails sent about it (the meeting's title may be in them); emails keep no body.
    rows += [(delivery, ["subject"]) for delivery in EmailDelivery.objects.filter(meeting_id=meeting.pk)]
    return rows


def meeting_after(meeting):
    """Every file made from the meeting is made again, at once withdrawn until then."""
    if meeting.has_published_agenda:
        documents.agenda_pack_request(meeting, withdraw=True)
    for version in MinutesVersion.objects.filter(minutes__meeting=meeting):
        documents.minutes_pdfs_request(version, withdraw=True)


def meeting_url(meeting):
    return reverse("meetings:detail", args=[meeting.pk])
