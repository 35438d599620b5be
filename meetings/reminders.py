"""Reminder emails that go exactly once and are never lost: the planning. The outbox does the sending.

The database decides who gets what. `deliveries_plan` (registered with the outbox in MeetingsConfig.ready; the
outbox's beat task `send_due_emails` runs it every few minutes) adds one outbox row per (meeting or action, person,
kind, key) that is due; the outbox's unique constraint makes an overlapping run add nothing. Sending, claiming,
retrying and "Send again" live in `outbox.services`; how each kind is written lives in `meetings.emails`.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from members.models import Person
from outbox import services as outbox
from outbox.models import EmailDelivery

from .emails import LIVE, Kind, recipients
from .models import Invitation, Meeting, MeetingAction

Status = EmailDelivery.Status

DEFAULT_OFFSETS_DAYS = (14, 2)
ACTION_DUE_NOTICE = datetime.timedelta(days=7)


def reminder_offsets(group):
    """Days before a meeting that its invitees are reminded, largest first (default 14 and 2)."""
    offsets = group.reminder_offsets_days or DEFAULT_OFFSETS_DAYS
    return sorted({int(days) for days in offsets if int(days) > 0}, reverse=True)


def _about_meetings():
    return EmailDelivery.objects.filter(about_type=ContentType.objects.get_for_model(Meeting))


def _already(kind, key=None):
    """An outbox row of this kind already exists for the invitation's meeting and person."""
    rows = _about_meetings().filter(about_id=OuterRef("meeting_id"), person_id=OuterRef("person_id"), kind=kind)
    return Exists(rows.filter(key=key) if key is not None else rows)


def _recent(kind, now, days=3):
    """Rows of `kind` to the same invitee in the last few days: a fresh email makes another redundant."""
    return _about_meetings().filter(
        about_id=OuterRef("meeting_id"),
        person_id=OuterRef("person_id"),
        kind=kind,
        created_at__gte=now - datetime.timedelta(days=days),
    )


def _row(kind, meeting, person, key=""):
    return outbox.delivery_new(kind, about=meeting, person=person, meeting_id=meeting.pk, key=key)


# Planning ---------------------------------------------------------------------------------------


def _plan_reminders(now):
    rows = []
    upcoming = Meeting.objects.filter(status__in=LIVE, starts_at__gt=now).select_related("group")
    horizon = max(
        (max(reminder_offsets(group), default=0) for group in {m.group for m in upcoming}),
        default=0,
    )
    for meeting in upcoming.filter(starts_at__lte=now + datetime.timedelta(days=horizon)):
        passed = [
            days for days in reminder_offsets(meeting.group) if meeting.starts_at - datetime.timedelta(days) <= now
        ]
        if not passed:
            continue
        # Only the latest mark that has passed: a meeting planned at short notice gets one reminder, not a burst.
        days = min(passed)
        key = f"{days}d"
        invitations = (
            recipients(meeting.invitations)
            .exclude(reply=Invitation.Reply.APOLOGIES)
            # Invited after the mark: their invitation is fresher than this reminder would be.
            .filter(invited_at__lte=meeting.starts_at - datetime.timedelta(days))
            .exclude(_already(Kind.REMINDER, key))
            .exclude(Exists(_recent(Kind.AGENDA, now)))
        )
        rows += [_row(Kind.REMINDER, meeting, i.person, key) for i in invitations]
    return rows


def _plan_chasers(now, planned):
    """Invitees who have not replied a week before, invited at least two days ago, are asked once to reply.

    Not when a reminder (which asks for a reply too) went in the last three days or goes now.
    """
    invitations = (
        recipients(
            Invitation.objects.filter(
                meeting__status__in=LIVE,
                meeting__starts_at__gt=now,
                meeting__starts_at__lte=now + datetime.timedelta(days=settings.MEETING_CHASER_DAYS),
                reply=Invitation.Reply.NO_REPLY,
                invited_at__lte=now - datetime.timedelta(days=2),
            ).select_related("meeting")
        )
        .exclude(_already(Kind.CHASER))
        .exclude(Exists(_recent(Kind.REMINDER, now)))
        .exclude(Exists(_recent(Kind.AGENDA, now)))
    )
    reminded_now = {(row.about_id, row.person_id) for row in planned}
    return [
        _row(Kind.CHASER, i.meeting, i.person) for i in invitations if (i.meeting_id, i.person_id) not in reminded_now
    ]


def _plan_updates(now):
    """Whoever was last emailed an older version of a meeting that has changed since gets the new details once."""
    live = {
        meeting.pk: meeting
        for meeting in Meeting.objects.filter(status__in=LIVE, starts_at__gt=now).only("pk", "sequence")
    }
    seen = (
        _about_meetings()
        .filter(
            about_id__in=list(live),
            status=Status.SENT,
            kind__in=[Kind.AGENDA, Kind.REMINDER, Kind.CHASER, Kind.UPDATE],
            person_id__in=Person.objects.filter(status=Person.Status.ACTIVE).values("pk"),
        )
        .filter(Exists(Invitation.objects.filter(meeting_id=OuterRef("about_id"), person_id=OuterRef("person_id"))))
        .values("about_id", "person_id")
        .annotate(last_seen=Max("meeting_sequence"))
    )
    wanted = {
        (row["about_id"], row["person_id"], str(live[row["about_id"]].sequence))
        for row in seen
        if row["last_seen"] is not None and row["last_seen"] < live[row["about_id"]].sequence
    }
    existing = set(
        _about_meetings()
        .filter(kind=Kind.UPDATE, about_id__in={m for m, _, _ in wanted})
        .values_list("about_id", "person_id", "key")
    )
    people = Person.objects.in_bulk({p for _, p, _ in wanted})
    return [
        _row(Kind.UPDATE, live[meeting_id], people[person_id], key)
        for meeting_id, person_id, key in sorted(wanted - existing)
    ]


def _was_announced(meeting):
    """Invitees heard of a meeting once it left draft (scheduled, published, postponed or held)."""
    return meeting.announced_at is not None or meeting.agenda_published_at is not None


def _plan_cancellations(now):
    rows = []
    for meeting in Meeting.objects.filter(status=Meeting.Status.CANCELLED, starts_at__gt=now):
        key = str(meeting.sequence)
        invitations = recipients(meeting.invitations).exclude(_already(Kind.CANCELLATION, key))
        if invitations.exists() and _was_announced(meeting):
            rows += [_row(Kind.CANCELLATION, meeting, i.person, key) for i in invitations]
    return rows


def _plan_actions(now):
    today = timezone.localdate(now)
    open_actions = (
        MeetingAction.objects.open()
        .filter(due_date__isnull=False, owner__status=Person.Status.ACTIVE)
        .exclude(owner__email="")
        .select_related("owner")
    )
    rows = []
    due_soon = open_actions.filter(
        due_date__gte=today,
        due_date__lte=today + ACTION_DUE_NOTICE,
        created_at__lte=now - datetime.timedelta(days=1),
    )
    for action in due_soon:
        key = action.due_date.isoformat()
        rows.append(_action_row(Kind.ACTION_DUE, action, key))
    for action in open_actions.filter(due_date__lt=today):
        # One chase per full week overdue: at most weekly, however often the planner runs.
        key = f"week-{(today - action.due_date).days // 7}"
        rows.append(_action_row(Kind.ACTION_OVERDUE, action, key))
    existing = set(
        EmailDelivery.objects.filter(
            about_type=ContentType.objects.get_for_model(MeetingAction),
            about_id__in=[row.about_id for row in rows],
            kind__in=[Kind.ACTION_DUE, Kind.ACTION_OVERDUE],
        ).values_list("about_id", "person_id", "kind", "key")
    )
    return [row for row in rows if (row.about_id, row.person_id, row.kind, row.key) not in existing]


def _action_row(kind, action, key):
    return outbox.delivery_new(kind, about=action, person=action.owner, meeting_id=action.meeting_id, key=key)


def deliveries_plan(now=None):
    """Add a pending row for every email that is due and has no row yet; return how many were added."""
    now = now or timezone.now()
    rows = _plan_reminders(now)
    rows += _plan_chasers(now, rows) + _plan_updates(now) + _plan_cancellations(now) + _plan_actions(now)
    rows += _plan_new_invitees(now)
    with transaction.atomic():
        # No further reminders for a meeting that was cancelled or postponed meanwhile.
        _about_meetings().filter(status=Status.PENDING).exclude(kind=Kind.CANCELLATION).exclude(
            about_id__in=Meeting.objects.filter(status__in=LIVE).values("pk")
        ).update(status=Status.SKIPPED, claim=None)
        # A run overlapping this one may have added the same rows a moment ago: those are not added twice.
        created = outbox.deliveries_add(rows)
    return len(created)


def agenda_not_sent(meeting):
    """Invitations whose person may be emailed and has had no agenda email for this meeting (invited since)."""
    return recipients(meeting.invitations).exclude(_already(Kind.AGENDA))


def deliveries_for_agenda(meeting_id, *, new_only=False):
    """One row per invitee for this publication of the agenda (keyed by SEQUENCE); the ids still to send.

    new_only: only for invitees who have had no agenda email for this meeting at all (invited since it went).
    """
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.AGENDA_PUBLISHED).first()
    if meeting is None or meeting.starts_at <= timezone.now():
        return []
    key = str(meeting.sequence)
    invitations = agenda_not_sent(meeting) if new_only else recipients(meeting.invitations)
    invitations = invitations.exclude(_already(Kind.AGENDA, key))
    outbox.deliveries_add([_row(Kind.AGENDA, meeting, i.person, key) for i in invitations])
    rows = EmailDelivery.objects.about(meeting).filter(kind=Kind.AGENDA, key=key, status=Status.PENDING)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def _plan_new_invitees(now):
    """Whoever was invited after the agenda went out, and has not had it, gets it (with the calendar invitation) once.

    However they were invited (a group's new member, an import, the admin site): inviting them in the app sends it
    at once; this catches every other way in.
    """
    rows = []
    published = Meeting.objects.filter(status=Meeting.Status.AGENDA_PUBLISHED, starts_at__gt=now)
    for meeting in published.filter(Exists(_invited_since_q())):
        key = str(meeting.sequence)
        invited_since = agenda_not_sent(meeting).filter(invited_at__gt=meeting.agenda_published_at)
        rows += [_row(Kind.AGENDA, meeting, i.person, key) for i in invited_since]
    return rows


def _invited_since_q():
    """For a subquery on meetings: someone invited since the agenda went out, still without any agenda email."""
    invitations = Invitation.objects.filter(meeting_id=OuterRef("pk"), invited_at__gt=OuterRef("agenda_published_at"))
    return recipients(invitations).exclude(_already(Kind.AGENDA))
