"""Workflows across meeting objects. Each is one transaction; emails go out through Celery after commit.

Meetings, agendas, papers and invitations here; minutes in `minutes.py`, actions and calendar feeds in `actions.py`.
"""

import calendar as pycalendar
import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from common.casedata import confirmation_record
from common.concurrency import save_versioned
from common.uploads import accepted_upload
from members.models import Person
from outbox import services as outbox

from .. import documents, emails, reminders
from ..groups import standing_items, standing_items_ensure  # noqa: F401 - the app's services, in one place
from ..minutes_record import refuse_if_minutes_final
from ..models import (
    AgendaItem,
    Guest,
    Invitation,
    Meeting,
    Paper,
)
from .base import FINAL_MINUTES, AlreadyDone, _at

LONDON = ZoneInfo("Europe/London")

# The item new items are added before: what is left for the end of the meeting.
CLOSING_ITEM_TITLE = "Any other business"

# Statuses whose reason invitees are told.
REASON_NEEDED = (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)

# Changes invitees' calendars must see: these raise the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue", "venue_postcode", "joining_link", "status")


def _check_times(starts_at, ends_at):
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": gettext("The end time must be after the start time")})


# Meetings ---------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    group,
    title,
    starts_at,
    ends_at,
    venue="",
    venue_postcode="",
    joining_link="",
    status=Meeting.Status.SCHEDULED,
    case_data=None,
):
    """A meeting with the standing agenda items and the group's active members invited."""
    _check_times(starts_at, ends_at)
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        venue_postcode=venue_postcode,
        joining_link=joining_link,
        status=status,
        announced_at=timezone.now() if _announces(status) else None,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            purpose=purpose,
            minutes_allowed=minutes,
            kind=kind,
            presenter=presenter,
        )
        for position, (title, purpose, minutes, kind, presenter) in enumerate(standing_items(group), start=1)
    )
    members = Person.objects.filter(group_memberships__group=group, status=Person.Status.ACTIVE)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=person) for person in members)
    confirmation_record(meeting, case_data)
    return meeting


@transaction.atomic
def meeting_update(meeting, *, expected_version, case_data=None, **fields):
    _check_times(fields.get("starts_at", meeting.starts_at), fields.get("ends_at", meeting.ends_at))
    before = Meeting.objects.get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    changed = any(getattr(before, name) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    if changed:
        meeting.sequence = before.sequence + 1
    meeting = save_versioned(meeting, expected_version=expected_version)
    confirmation_record(meeting, case_data)
    if changed:
        # The pack's front page gives the time and place: it follows them.
        _refresh_agenda_pack(meeting)
    return meeting


def nth_weekday(year, month, weekday, nth):
    """The nth (1-5, or -1 for last) weekday (0=Monday) of a month."""
    days = [
        day
        for day in pycalendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


@transaction.atomic
def meeting_schedule_year(
    *, group, year, months=(3, 6, 9, 12), weekday=1, nth=2, start=datetime.time(10), end=datetime.time(12), venue=""
):
    """Create the year's quarterly meetings from a pattern (e.g. second Tuesday, 10:00-12:00).

    A month that already has a meeting of this group is skipped, so running it twice is harmless.
    """
    if end <= start:
        raise ValidationError({"end": gettext("The end time must be after the start time")})
    created = []
    for month in months:
        day = nth_weekday(year, month, weekday, nth)
        if Meeting.objects.filter(
            group=group, starts_at__year=year, starts_at__month=month, status__in=_live_statuses()
        ).exists():
            continue
        created.append(
            meeting_create(
                group=group,
                title=f"{group.name}: {pycalendar.month_name[month]} {year}",
                starts_at=datetime.datetime.combine(day, start, tzinfo=LONDON),
                ends_at=datetime.datetime.combine(day, end, tzinfo=LONDON),
                venue=venue,
            )
        )
    return created


def _announces(status):
    """Whether a meeting in this status has been made known to its invitees (it has left draft)."""
    return status not in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED)


def _mark_announced(meeting):
    """Set `announced_at` the first time the meeting leaves draft (the caller saves it)."""
    if meeting.announced_at is None and _announces(meeting.status):
        meeting.announced_at = timezone.now()


def _live_statuses():
    return [s for s in Meeting.Status.values if s != Meeting.Status.CANCELLED]


@transaction.atomic
def meeting_publish_agenda(meeting, *, expected_version=None):
    """Publish the agenda and email every invitee (agenda, calendar invitation, reply links): the outbox rows are
    added in this transaction, and sent once it commits.

    expected_version: the meeting's version when the admin opened the publish page. If the agenda has
    been published since (the same form sent twice), nothing happens and AlreadyDone says so; the row
    lock makes a second request sent at the same moment wait for the first and then see it.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if (
        expected_version is not None
        and meeting.status == Meeting.Status.AGENDA_PUBLISHED
        and meeting.version != expected_version
    ):
        raise AlreadyDone(
            f"The agenda was already published at {_at(meeting.agenda_published_at)}, after this page was opened: "
            "nobody was emailed again. To send it again, or to new invitees only, open 'Send the agenda again'."
        )
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise ValidationError(
            gettext("The agenda of a %(lower)s meeting cannot be published")
            % {"lower": meeting.get_status_display().lower()}
        )
    if meeting.starts_at <= timezone.now():
        raise ValidationError(gettext("This meeting is in the past, so its agenda cannot be published"))
    if not meeting.invitations.exists():
        raise ValidationError(gettext("Invite at least one person before publishing the agenda"))
    republish = meeting.status == Meeting.Status.AGENDA_PUBLISHED
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.sequence += 1
    meeting.version += 1
    _mark_announced(meeting)
    meeting.save(update_fields=["status", "agenda_published_at", "sequence", "version", "announced_at"])
    documents.agenda_pack_request(meeting)
    # The emails are written to the outbox with the publication, in this transaction; the sender is woken after
    # commit. If the broker is down the page still answers, and the beat's sweep sends them once it is back.
    outbox.deliveries_queue(reminders.deliveries_for_agenda(meeting.pk), on_commit=True)
    return meeting, republish


@transaction.atomic
def agenda_send_to_new_invitees(meeting):
    """Email the published agenda to invitees who have not had it (invited since it went); how many."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.AGENDA_PUBLISHED:
        raise ValidationError("The agenda is not published yet: publish it to email every invitee")
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has started, so its agenda is no longer emailed")
    waiting = reminders.agenda_not_sent(meeting).count()
    outbox.deliveries_queue(reminders.deliveries_for_agenda(meeting.pk, new_only=True), on_commit=True)
    return waiting


@transaction.atomic
def meeting_set_status(meeting, *, status, note=""):
    """Change a meeting's status. Cancelling or postponing needs the reason invitees are told (their email gives it);
    any other status clears the last reason, so a rescheduled meeting never shows why it was once postponed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status == Meeting.Status.HELD and meeting.starts_at > timezone.now():
        raise ValidationError("A meeting cannot be marked as held before it has started")
    if meeting.status_frozen_reason and status != Meeting.Status.HELD:
        raise ValidationError(meeting.status_frozen_reason)
    note = (note or "").strip()
    if status in REASON_NEEDED and not note:
        verb = "cancelled" if status == Meeting.Status.CANCELLED else "postponed"
        raise ValidationError({"note": f"Enter why the meeting is {verb}: invitees are told the reason"})
    meeting.status = status
    meeting.status_note = note
    meeting.sequence += 1
    meeting.version += 1
    _mark_announced(meeting)
    meeting.save(update_fields=["status", "status_note", "sequence", "version", "announced_at"])
    return meeting


# Agenda -----------------------------------------------------------------------------------------


def _editable_agenda(meeting):
    if meeting.agenda_frozen_reason:
        raise ValidationError(meeting.agenda_frozen_reason)


@transaction.atomic
def agenda_item_add(meeting, *, case_data=None, **fields):
    """A new item goes before "Any other business", which closes the agenda, or last if there is none."""
    _editable_agenda(meeting)
    closing = meeting.items.filter(title__iexact=CLOSING_ITEM_TITLE).order_by("position").first()
    if closing is None:
        position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    else:
        position = closing.position
        # The (meeting, position) constraint is deferred, so the shift may pass through duplicates.
        meeting.items.filter(position__gte=position).update(position=F("position") + 1)
    item = AgendaItem.objects.create(meeting=meeting, position=position, **fields)
    confirmation_record(item, case_data)
    return item


@transaction.atomic
def agenda_item_update(item, *, expected_version, case_data=None):
    _editable_agenda(item.meeting)
    if not item.is_confidential:
        item.confidential_reason = ""
    item = save_versioned(item, expected_version=expected_version)
    confirmation_record(item, case_data)
    _refresh_outputs(item.meeting)
    return item


@transaction.atomic
def agenda_item_delete(item):
    _editable_agenda(item.meeting)
    meeting = item.meeting
    if item.minute_notes.filter(minutes_version__status__in=FINAL_MINUTES).exists():
        raise ValidationError(gettext("This item is in approved minutes, so it stays on the agenda"))
    # Decisions and actions take the item's level: without it they would fall to OFFICIAL for everyone to read.
    if item.decisions.exists() or item.actions.exists():
        raise ValidationError(
            gettext(
                "Decisions or actions are recorded under this item, so it stays on the agenda: "
                "move its actions to another item and delete its decisions first."
            )
        )
    item.minute_notes.all().delete()  # notes of draft minutes only
    item.delete()
    _renumber(meeting)
    _refresh_outputs(meeting)


def _renumber(meeting):
    for position, item in enumerate(meeting.items.order_by("position"), start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_item_move(item, *, up):
    """Swap an item with its neighbour. The position constraint is deferred, so the swap is safe."""
    _editable_agenda(item.meeting)
    items = list(item.meeting.items.select_for_update().order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return item
    other = items[other_index]
    item.position, other.position = other.position, items[index].position
    AgendaItem.objects.filter(pk=item.pk).update(position=item.position)
    AgendaItem.objects.filter(pk=other.pk).update(position=other.position)
    _refresh_outputs(item.meeting)
    return item


# Papers -----------------------------------------------------------------------------------------


@transaction.atomic
def paper_upload(*, item, upload, title, marking, is_confidential=False, confidential_reason="", by=None):
    """Store a paper as `common.uploads.accepted_upload` checked and cleaned it. The stored name is random; the
    original is kept."""
    _editable_agenda(item.meeting)
    kind, upload = accepted_upload(upload, field="file")
    position = (item.papers.aggregate(top=Max("position"))["top"] or 0) + 1
    paper = Paper(
        item=item,
        title=title or upload.name,
        filename=upload.name.replace("/", "_").replace("\\", "_")[:255],
        kind=kind,
        size=upload.size,  # as stored: a PDF is the cleaned copy
        marking=marking,
        is_confidential=is_confidential,
        confidential_reason=confidential_reason if is_confidential else "",
        position=position,
        uploaded_by=by,
    )
    paper.file.save(upload.name, upload, save=False)
    paper.save()
    _refresh_agenda_pack(item.meeting)
    # Uploaded after the agenda went out: invitees are told it is there (never what it says).
    emails.late_paper_enqueue(paper)
    return paper


@transaction.atomic
def paper_delete(paper):
    storage, name, meeting = paper.file.storage, paper.file.name, paper.item.meeting
    _editable_agenda(meeting)
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _refresh_agenda_pack(meeting, withdraw=True)


def _refresh_agenda_pack(meeting, *, withdraw=False):
    # Once the agenda is out, its pack follows the papers. A paper added keeps the last good pack readable
    # meanwhile; a change that may narrow who reads what (`withdraw`) takes it down at once.
    if meeting.has_published_agenda:
        documents.agenda_pack_request(meeting, withdraw=withdraw)


def _refresh_outputs(meeting):
    """After a change to the agenda, every file rendered from it is withdrawn at once and rendered again."""
    _refresh_agenda_pack(meeting, withdraw=True)
    documents.minutes_pdfs_refresh(meeting)


# Invitations, replies and attendance -------------------------------------------------------------


@transaction.atomic
def invitation_add(meeting, person):
    refuse_if_minutes_final(meeting, "who was invited")
    invitation, _ = Invitation.objects.get_or_create(meeting=meeting, person=person)
    return invitation


@transaction.atomic
def invitation_remove(invitation):
    refuse_if_minutes_final(invitation.meeting, "who was invited")
    if invitation.attendance != Invitation.Attendance.NOT_RECORDED:
        raise ValidationError(gettext("Attendance has been recorded for this invitee, so they cannot be removed"))
    invitation.delete()


@transaction.atomic
def invitation_reply(invitation, *, reply, deputy_name=""):
    """Record or change a reply. Sending a deputy needs the deputy's name."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    if invitation.meeting.ends_at < timezone.now():
        raise ValidationError(gettext("This meeting has ended, so replies can no longer change"))
    if reply == Invitation.Reply.DEPUTY and not deputy_name.strip():
        raise ValidationError({"deputy_name": gettext("Enter the name of the deputy who will attend")})
    invitation.reply = reply
    invitation.deputy_name = deputy_name.strip() if reply == Invitation.Reply.DEPUTY else ""
    invitation.replied_at = timezone.now()
    invitation.version += 1
    invitation.save(update_fields=["reply", "deputy_name", "replied_at", "version"])
    return invitation


@transaction.atomic
def attendance_record(meeting, records):
    """records: {invitation_pk: (attendance, deputy_name)}. Only possible once the meeting has started."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(gettext("Attendance can be recorded once the meeting has started"))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled, so it has no attendance")
    refuse_if_minutes_final(meeting, "its attendance")
    invitations = {i.pk: i for i in meeting.invitations.select_for_update()}
    changed = []
    for pk, (attendance, deputy_name) in records.items():
        invitation = invitations.get(pk)
        if invitation is None:
            continue
        if attendance == Invitation.Attendance.DEPUTY and not deputy_name.strip():
            raise ValidationError(
                gettext("Enter the name of the deputy who attended for %(name)s") % {"name": invitation.person.name}
            )
        invitation.attendance = attendance
        invitation.attended_deputy_name = deputy_name.strip() if attendance == Invitation.Attendance.DEPUTY else ""
        changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attendance", "attended_deputy_name"])
    if meeting.status != Meeting.Status.HELD:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.status = Meeting.Status.HELD
        meeting.version += 1
        _mark_announced(meeting)
        meeting.save(update_fields=["status", "version", "announced_at"])
    return changed


@transaction.atomic
def guest_add(meeting, *, name, organisation_name="", role=""):
    refuse_if_minutes_final(meeting, "who attended")
    return Guest.objects.create(meeting=meeting, name=name, organisation_name=organisation_name, role=role)


@transaction.atomic
def guest_delete(guest):
    refuse_if_minutes_final(guest.meeting, "who attended")
    guest.delete()


# The actions and minutes workflows live in their own modules; callers use `meetings.services.<name>` for all.
from .actions import (  # noqa: E402, F401
    action_create,
    action_mark_done,
    action_record_progress,
    action_update,
    calendar_feed_for,
    calendar_feed_reset,
    person_links_revoke,
)
from .minutes import (  # noqa: E402, F401
    decision_add,
    decision_delete,
    minutes_approve,
    minutes_circulate,
    minutes_correct,
    minutes_lock,
    minutes_publish,
    minutes_save,
    minutes_start,
)
