"""Minutes: drafts, circulation, approval at a later meeting, corrections as new versions, publication."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from common.casedata import confirmation_record
from common.concurrency import save_versioned
from outbox import services as outbox

from .. import documents, emails, minutes_record
from ..models import (
    Decision,
    Meeting,
    MinuteNote,
    Minutes,
    MinutesVersion,
)
from .base import AlreadyDone, _at

# Minutes ----------------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(meeting, *, by=None):
    """Minutes for a meeting with a first draft version holding an empty note per agenda item."""
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting)
    version = minutes.versions.order_by("-number").first()
    if version is None:
        version = MinutesVersion.objects.create(minutes=minutes, number=1, created_by=by)
        MinuteNote.objects.bulk_create(MinuteNote(minutes_version=version, item=item) for item in meeting.items.all())
    return version


def _refuse_if_final(version):
    if not version.is_editable:
        raise ValidationError(
            gettext(
                "These minutes have been approved and cannot be changed. Make a correction instead: it creates a new "
                "version with your reason, and this version stays as it is."
            )
        )


@transaction.atomic
def minutes_save(version, *, expected_version, summary, notes, case_data=None):
    """Save a draft's general notes and the notes per item (notes: {item_pk: markdown})."""
    current = MinutesVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_final(current)
    version.summary = summary
    save_versioned(version, expected_version=expected_version)
    existing = {note.item_id: note for note in version.notes.all()}
    for item_pk, text in notes.items():
        note = existing.get(item_pk)
        if note is None:
            MinuteNote.objects.create(minutes_version=version, item_id=item_pk, text=text)
        elif note.text != text:
            note.text = text
            note.save(update_fields=["text"])
    confirmation_record(version, case_data)
    return version


@transaction.atomic
def decision_add(version, *, text, kind=Decision.Kind.DECISION, item=None, case_data=None):
    _refuse_if_final(version)
    position = (version.decisions.aggregate(top=Max("position"))["top"] or 0) + 1
    decision = Decision.objects.create(minutes_version=version, text=text, kind=kind, item=item, position=position)
    confirmation_record(decision, case_data)
    return decision


@transaction.atomic
def decision_delete(decision):
    _refuse_if_final(decision.minutes_version)
    decision.delete()


@transaction.atomic
def minutes_circulate(version):
    version = MinutesVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == MinutesVersion.Status.CIRCULATED:
        raise AlreadyDone(
            gettext("These minutes were already circulated at %(at)s: nobody was emailed again")
            % {"at": _at(version.circulated_at)}
        )
    if version.status != MinutesVersion.Status.DRAFT:
        raise ValidationError(gettext("Only draft minutes can be circulated"))
    version.status = MinutesVersion.Status.CIRCULATED
    version.circulated_at = timezone.now()
    version.version += 1
    version.save(update_fields=["status", "circulated_at", "version"])
    documents.minutes_pdfs_request(version)
    # Written to the outbox with the change, sent once it commits (by the sweep, if the broker is down).
    outbox.deliveries_queue(emails.minutes_circulated_enqueue(version.pk), on_commit=True)
    return version


@transaction.atomic
def minutes_approve(version, *, at_meeting):
    version = MinutesVersion.objects.select_for_update().select_related("minutes__meeting").get(pk=version.pk)
    if version.status not in (MinutesVersion.Status.DRAFT, MinutesVersion.Status.CIRCULATED):
        raise AlreadyDone(
            gettext("These minutes were already approved at %(at)s: nothing changed") % {"at": _at(version.approved_at)}
        )
    meeting = version.minutes.meeting
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            gettext("Minutes can be approved only once the meeting has been held: record its attendance first")
        )
    if at_meeting is None:
        raise ValidationError({"at_meeting": gettext("Select the meeting at which the minutes were approved")})
    if at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": gettext("Minutes are approved at a later meeting: select the meeting that approved them")}
        )
    if at_meeting.starts_at > timezone.now() or at_meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"at_meeting": gettext("Select a meeting that has taken place")})
    _snapshot_items(version)
    version.record = minutes_record.take(meeting)
    version.status = MinutesVersion.Status.APPROVED
    version.approved_at_meeting = at_meeting
    version.approved_at = timezone.now()
    version.version += 1
    version.save(update_fields=["status", "approved_at_meeting", "approved_at", "version", "record"])
    documents.minutes_pdfs_request(version)
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("published_version").get(pk=version.minutes_id)
    )
    if minutes.published_version is not None and minutes.published_version.number < version.number:
        # An approved correction replaces the public copy it corrects: the public never keeps the wrong text.
        minutes_publish(minutes, version=version)
    return version


def _snapshot_items(version):
    """Copy each item's title and number into the notes and decisions: what was approved stays as approved."""
    notes = list(version.notes.select_related("item"))
    for note in notes:
        if note.item is not None:
            note.item_title, note.item_position = note.item.title, note.item.position
    MinuteNote.objects.bulk_update(notes, ["item_title", "item_position"])
    decisions = list(version.decisions.select_related("item").filter(item__isnull=False))
    for decision in decisions:
        decision.item_title = decision.item.title
    Decision.objects.bulk_update(decisions, ["item_title"])


@transaction.atomic
def minutes_lock(version):
    version = MinutesVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != MinutesVersion.Status.APPROVED:
        raise ValidationError(gettext("Only approved minutes can be locked"))
    version.status = MinutesVersion.Status.LOCKED
    version.locked_at = timezone.now()
    version.version += 1
    version.save(update_fields=["status", "locked_at", "version"])
    return version


@transaction.atomic
def minutes_correct(version, *, reason, by=None, case_data=None):
    """A new draft version copied from an approved one, with the reason for the correction."""
    version = MinutesVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_final:
        raise ValidationError(gettext("Only approved minutes need a correction: edit the draft instead"))
    if not reason.strip():
        raise ValidationError({"reason": gettext("Enter the reason for the correction")})
    latest = version.minutes.versions.order_by("-number").first()
    if latest.pk != version.pk:
        raise ValidationError(
            gettext("Version %(number)s is newer: correct that one instead") % {"number": latest.number}
        )
    new = MinutesVersion.objects.create(
        minutes=version.minutes,
        number=version.number + 1,
        summary=version.summary,
        correction_reason=reason.strip(),
        created_by=by,
    )
    MinuteNote.objects.bulk_create(
        MinuteNote(
            minutes_version=new,
            item_id=note.item_id,
            text=note.text,
            item_title=note.item_title,
            item_position=note.item_position,
        )
        for note in version.notes.all()
    )
    Decision.objects.bulk_create(
        Decision(
            minutes_version=new,
            item_id=d.item_id,
            kind=d.kind,
            text=d.text,
            position=d.position,
            item_title=d.item_title,
        )
        for d in version.decisions.all()
    )
    documents.minutes_pdfs_request(new)
    confirmation_record(new, case_data)
    return new


@transaction.atomic
def minutes_publish(minutes, *, version):
    """Publish the public copy of an approved version (confidential items withheld), or withdraw it (None)."""
    if version is not None and not version.is_final:
        raise ValidationError(gettext("Only approved minutes can be published"))
    minutes.published_version = version
    minutes.published_at = timezone.now() if version else None
    minutes.save(update_fields=["published_version", "published_at"])
    return minutes
