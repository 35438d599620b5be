"""Reminder emails that go exactly once and are never lost.

The database decides who gets what. `deliveries_plan` (run by the beat task every few minutes) adds one
`EmailDelivery` row per (meeting or action, person, kind, key) that is due; the unique constraints make
an overlapping run add nothing. `deliveries_send` claims rows with a conditional update (pending to
sending, under a fresh claim token) before sending, so a retry, a second worker or an overlapping tick
never sends a row twice. A row the mail server refused goes back to pending with exponential backoff,
and after EMAIL_MAX_ATTEMPTS it is failed: admins see it on the meeting page and can send it again.
"""

import datetime
import math
import smtplib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from common.email import build_message, send_batch
from members.models import Person

from . import calendar, emails, policy, replies
from .models import EmailDelivery, Invitation, Meeting, MeetingAction

Kind = EmailDelivery.Kind
Status = EmailDelivery.Status

LIVE = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)
DEFAULT_OFFSETS_DAYS = (14, 2)
ACTION_DUE_NOTICE = datetime.timedelta(days=7)
# Rows stuck in "sending" this long belong to a worker that died mid-batch; they may or may not have gone.
STUCK_AFTER = datetime.timedelta(hours=1)
TEMPLATES = {
    Kind.AGENDA: "meeting_agenda_published",
    Kind.REMINDER: "meeting_reminder",
    Kind.CHASER: "meeting_chaser",
    Kind.UPDATE: "meeting_update",
    Kind.CANCELLATION: "meeting_cancellation",
    Kind.ACTION_DUE: "action_due",
    Kind.ACTION_OVERDUE: "action_overdue",
}


def reminder_offsets(group):
    """Days before a meeting that its invitees are reminded, largest first (default 14 and 2)."""
    offsets = group.reminder_offsets_days or DEFAULT_OFFSETS_DAYS
    return sorted({int(days) for days in offsets if int(days) > 0}, reverse=True)


def _already(kind, key=None, *, on="meeting"):
    rows = EmailDelivery.objects.filter(**{on: OuterRef(on), "person": OuterRef("person"), "kind": kind})
    return Exists(rows.filter(key=key) if key is not None else rows)


def _recent(kind, now, days=3):
    """Rows of `kind` to the same invitee in the last few days: a fresh email makes another redundant."""
    return EmailDelivery.objects.filter(
        meeting=OuterRef("meeting"),
        person=OuterRef("person"),
        kind=kind,
        created_at__gte=now - datetime.timedelta(days=days),
    )


def _recipients(invitations):
    return invitations.filter(person__status=Person.Status.ACTIVE).exclude(person__email="")


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
            _recipients(meeting.invitations)
            .exclude(reply=Invitation.Reply.APOLOGIES)
            # Invited after the mark: their invitation is fresher than this reminder would be.
            .filter(invited_at__lte=meeting.starts_at - datetime.timedelta(days))
            .exclude(_already(Kind.REMINDER, key))
            .exclude(Exists(_recent(Kind.AGENDA, now)))
        )
        rows += [
            EmailDelivery(meeting=meeting, person_id=i.person_id, kind=Kind.REMINDER, key=key) for i in invitations
        ]
    return rows


def _plan_chasers(now, planned):
    """Invitees who have not replied a week before, invited at least two days ago, are asked once to reply.

    Not when a reminder (which asks for a reply too) went in the last three days or goes now.
    """
    invitations = (
        _recipients(
            Invitation.objects.filter(
                meeting__status__in=LIVE,
                meeting__starts_at__gt=now,
                meeting__starts_at__lte=now + datetime.timedelta(days=settings.MEETING_CHASER_DAYS),
                reply=Invitation.Reply.NO_REPLY,
                invited_at__lte=now - datetime.timedelta(days=2),
            )
        )
        .exclude(_already(Kind.CHASER))
        .exclude(Exists(_recent(Kind.REMINDER, now)))
        .exclude(Exists(_recent(Kind.AGENDA, now)))
    )
    reminded_now = {(row.meeting.pk, row.person_id) for row in planned}
    return [
        EmailDelivery(meeting_id=i.meeting_id, person_id=i.person_id, kind=Kind.CHASER)
        for i in invitations
        if (i.meeting_id, i.person_id) not in reminded_now
    ]


def _plan_updates(now):
    """Whoever was last emailed an older version of a meeting that has changed since gets the new details once."""
    stale = (
        EmailDelivery.objects.filter(
            meeting__status__in=LIVE,
            meeting__starts_at__gt=now,
            status=Status.SENT,
            kind__in=[Kind.AGENDA, Kind.REMINDER, Kind.CHASER, Kind.UPDATE],
        )
        .filter(Exists(Invitation.objects.filter(meeting=OuterRef("meeting"), person=OuterRef("person"))))
        .filter(person__status=Person.Status.ACTIVE)
        .values("meeting_id", "person_id", "meeting__sequence")
        .annotate(last_seen=Max("meeting_sequence"))
        .filter(last_seen__lt=F("meeting__sequence"))
    )
    wanted = {(row["meeting_id"], row["person_id"], str(row["meeting__sequence"])) for row in stale}
    existing = set(
        EmailDelivery.objects.filter(kind=Kind.UPDATE, meeting_id__in={m for m, _, _ in wanted}).values_list(
            "meeting_id", "person_id", "key"
        )
    )
    return [
        EmailDelivery(meeting_id=meeting_id, person_id=person_id, kind=Kind.UPDATE, key=key)
        for meeting_id, person_id, key in sorted(wanted - existing)
    ]


def _was_announced(meeting):
    """Invitees heard of a meeting once it left draft: its history shows it scheduled or published."""
    return (
        meeting.agenda_published_at is not None
        or meeting.history.exclude(status__in=[Meeting.Status.DRAFT, Meeting.Status.CANCELLED]).exists()
    )


def _plan_cancellations(now):
    rows = []
    for meeting in Meeting.objects.filter(status=Meeting.Status.CANCELLED, starts_at__gt=now):
        key = str(meeting.sequence)
        invitations = _recipients(meeting.invitations).exclude(_already(Kind.CANCELLATION, key))
        if invitations.exists() and _was_announced(meeting):
            rows += [
                EmailDelivery(meeting=meeting, person_id=i.person_id, kind=Kind.CANCELLATION, key=key)
                for i in invitations
            ]
    return rows


def _plan_actions(now):
    today = timezone.localdate(now)
    open_actions = (
        MeetingAction.objects.open()
        .filter(due_date__isnull=False, owner__status=Person.Status.ACTIVE)
        .exclude(owner__email="")
    )
    rows = []
    due_soon = open_actions.filter(
        due_date__gte=today,
        due_date__lte=today + ACTION_DUE_NOTICE,
        created_at__lte=now - datetime.timedelta(days=1),
    )
    for action in due_soon:
        key = action.due_date.isoformat()
        rows.append(EmailDelivery(action=action, person_id=action.owner_id, kind=Kind.ACTION_DUE, key=key))
    for action in open_actions.filter(due_date__lt=today):
        # One chase per full week overdue: at most weekly, however often the planner runs.
        key = f"week-{(today - action.due_date).days // 7}"
        rows.append(EmailDelivery(action=action, person_id=action.owner_id, kind=Kind.ACTION_OVERDUE, key=key))
    existing = set(
        EmailDelivery.objects.filter(
            action__in=[row.action for row in rows], kind__in=[Kind.ACTION_DUE, Kind.ACTION_OVERDUE]
        ).values_list("action_id", "person_id", "kind", "key")
    )
    return [row for row in rows if (row.action.pk, row.person_id, row.kind, row.key) not in existing]


def deliveries_plan(now=None):
    """Add a pending row for every email that is due and has no row yet; return how many were added."""
    now = now or timezone.now()
    rows = _plan_reminders(now)
    rows += _plan_chasers(now, rows) + _plan_updates(now) + _plan_cancellations(now) + _plan_actions(now)
    with transaction.atomic():
        # No further reminders for a meeting that was cancelled or postponed meanwhile.
        EmailDelivery.objects.filter(status=Status.PENDING, meeting__isnull=False).exclude(
            kind=Kind.CANCELLATION
        ).exclude(meeting__status__in=LIVE).update(status=Status.SKIPPED, claim=None)
        # ignore_conflicts: a run overlapping this one may have added the same rows a moment ago.
        created = EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(created)


def deliveries_for_agenda(meeting_id):
    """One row per invitee for this publication of the agenda (keyed by SEQUENCE); the ids still to send."""
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.AGENDA_PUBLISHED).first()
    if meeting is None:
        return []
    key = str(meeting.sequence)
    invitations = _recipients(meeting.invitations).exclude(_already(Kind.AGENDA, key))
    EmailDelivery.objects.bulk_create(
        [EmailDelivery(meeting=meeting, person_id=i.person_id, kind=Kind.AGENDA, key=key) for i in invitations],
        ignore_conflicts=True,
    )
    rows = EmailDelivery.objects.filter(meeting=meeting, kind=Kind.AGENDA, key=key, status=Status.PENDING)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def deliveries_expire_stuck(now=None):
    now = now or timezone.now()
    return EmailDelivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=Status.FAILED,
        claim=None,
        last_error="The worker sending this email stopped part-way; it may or may not have been sent. "
        "Check with the recipient before sending it again.",
    )


def deliveries_due_ids(now=None):
    return list(EmailDelivery.objects.due(now).order_by("pk").values_list("pk", flat=True))


# Sending ----------------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; `retry_ids` go again after `retry_in` seconds."""

    def __init__(self, error, *, retry_ids, retry_in):
        super().__init__(str(error))
        self.retry_ids = retry_ids
        self.retry_in = retry_in


@dataclass
class SendResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    failed_ids: list = field(default_factory=list)


def backoff_seconds(attempts):
    """Exponential backoff after the nth failed attempt, capped."""
    base, cap = settings.EMAIL_RETRY_BASE_SECONDS, settings.EMAIL_RETRY_MAX_SECONDS
    return min(cap, base * 2 ** max(attempts - 1, 0))


def _claim(ids, now):
    """Claim pending rows for this sender: the conditional update changes each row for one claimer only."""
    token = uuid.uuid4()
    EmailDelivery.objects.filter(pk__in=ids, status=Status.PENDING, not_before__lte=now).update(
        status=Status.SENDING,
        claim=token,
        claimed_at=now,
        attempts=F("attempts") + 1,
        # The address is fixed when claimed: what the admin sees is where it went.
        to_email=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("email")[:1]),
    )
    return list(
        EmailDelivery.objects.filter(claim=token, status=Status.SENDING)
        .select_related("person", "meeting__group", "action__meeting__group", "action__owner")
        .order_by("pk")
    )


class _Context:
    """What the messages of one batch share, read once per meeting rather than once per person."""

    def __init__(self, deliveries):
        meeting_ids = {d.meeting_id for d in deliveries if d.meeting_id}
        person_ids = {d.person_id for d in deliveries if d.meeting_id}
        self.invitations = {
            (i.meeting_id, i.person_id): i
            for i in Invitation.objects.filter(meeting_id__in=meeting_ids, person_id__in=person_ids).select_related(
                "meeting"
            )
        }
        self._meetings = {}

    def meeting(self, meeting):
        if meeting.pk not in self._meetings:
            cancelled = meeting.status == Meeting.Status.CANCELLED
            context = {
                "meeting": meeting,
                "agenda": emails.email_agenda(meeting) if meeting.has_published_agenda else None,
                "meeting_url": emails.meeting_url(meeting),
            }
            # The details and agenda are the same for every invitee: render them once per meeting.
            context["meeting_details_text"] = render_to_string("emails/_meeting_details.txt", context)
            context["meeting_details_html"] = mark_safe(render_to_string("emails/_meeting_details.html", context))  # noqa: S308 - our own template, autoescaped
            context["ics"] = (
                calendar.ics_filename(meeting),
                calendar.meeting_ics(meeting),
                f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}",
            )
            self._meetings[meeting.pk] = context
        return self._meetings[meeting.pk]


def _message(delivery, shared):
    person = delivery.person
    if delivery.action_id:
        action = delivery.action
        context = {
            "person": person,
            "action": action,
            "description": policy.for_email(policy.Content.ACTIONS_ARISING, action, action.description),
            "meeting": action.meeting,
            "action_log_url": f"{settings.SITE_URL}{reverse('meetings:action_log')}",
            "days_overdue": (timezone.localdate() - action.due_date).days if action.due_date else 0,
        }
        return build_message(TEMPLATES[delivery.kind], to=delivery.to_email, context=context)
    meeting_context = shared.meeting(delivery.meeting)
    invitation = shared.invitations.get((delivery.meeting_id, delivery.person_id))
    context = {
        **meeting_context,
        "person": person,
        "invitation": invitation,
        "reply_urls": replies.reply_urls(invitation) if invitation and delivery.kind != Kind.CANCELLATION else None,
        "days_before": max(0, math.ceil((delivery.meeting.starts_at - timezone.now()).total_seconds() / 86400)),
    }
    return build_message(
        TEMPLATES[delivery.kind], to=delivery.to_email, context=context, attachments=[meeting_context["ics"]]
    )


def _still_wanted(delivery):
    if delivery.meeting_id:
        meeting = delivery.meeting
        if delivery.kind == Kind.CANCELLATION:
            return meeting.status == Meeting.Status.CANCELLED
        return meeting.status in LIVE and meeting.starts_at > timezone.now()
    action = delivery.action
    return action.status == MeetingAction.Status.OPEN and action.due_date is not None


def _record_sent(pairs, now):
    """Mark accepted rows sent: one UPDATE per distinct (subject, meeting sequence), usually one per batch."""
    groups = {}
    for delivery, message in pairs:
        sequence = delivery.meeting.sequence if delivery.meeting_id else None
        groups.setdefault((message.subject[:300], sequence), []).append(delivery.pk)
    for (subject, sequence), ids in groups.items():
        EmailDelivery.objects.filter(pk__in=ids).update(
            status=Status.SENT, sent_at=now, subject=subject, meeting_sequence=sequence, claim=None, last_error=""
        )


def _release(deliveries, error, now):
    """Put unsent rows back for a later attempt with backoff, or fail them once attempts run out."""
    text = f"{type(error).__name__}: {error}"[:2000]
    retry, fail = [], []
    for delivery in deliveries:
        (fail if delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS else retry).append(delivery)
    retry_in = backoff_seconds(max((d.attempts for d in retry), default=1))
    EmailDelivery.objects.filter(pk__in=[d.pk for d in retry]).update(
        status=Status.PENDING, claim=None, last_error=text, not_before=now + datetime.timedelta(seconds=retry_in)
    )
    EmailDelivery.objects.filter(pk__in=[d.pk for d in fail]).update(status=Status.FAILED, claim=None, last_error=text)
    return [d.pk for d in retry], [d.pk for d in fail], retry_in


def _send_over_one_connection(outgoing):
    """Send (delivery, message) pairs on one SMTP connection: (accepted pairs, the error that stopped it or None)."""
    by_message = {id(message): delivery for delivery, message in outgoing}
    accepted = []
    try:
        send_batch(
            [message for _, message in outgoing],
            batch_size=len(outgoing) or 1,
            on_sent=lambda message: accepted.append((by_message[id(message)], message)),
        )
    except (smtplib.SMTPException, OSError) as error:
        return accepted, error
    return accepted, None


def deliveries_send(ids, *, batch_size=None):
    """Send the due, pending rows among `ids`, one SMTP connection per batch.

    Raises DeliveryFailed when the mail server fails; what was accepted before the failure is recorded
    as sent, the rest is released for a retry (or failed for good after EMAIL_MAX_ATTEMPTS).
    """
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    ids = list(ids)
    result = SendResult()
    for start in range(0, len(ids), batch_size):
        now = timezone.now()
        deliveries = _claim(ids[start : start + batch_size], now)
        if not deliveries:
            continue
        shared = _Context(deliveries)
        outgoing, unwanted = [], []
        for delivery in deliveries:
            if not _still_wanted(delivery):
                unwanted.append(delivery.pk)
                continue
            try:
                outgoing.append((delivery, _message(delivery, shared)))
            except Exception as error:  # a broken template must not hold up everyone else's email
                EmailDelivery.objects.filter(pk=delivery.pk).update(
                    status=Status.FAILED, claim=None, last_error=f"Could not prepare the email: {error}"[:2000]
                )
                result.failed += 1
                result.failed_ids.append(delivery.pk)
        EmailDelivery.objects.filter(pk__in=unwanted).update(status=Status.SKIPPED, claim=None)
        result.skipped += len(unwanted)
        accepted, error = _send_over_one_connection(outgoing)
        if error is not None:
            _record_sent(accepted, timezone.now())
            done = {d.pk for d, _ in accepted}
            retry_ids, failed_ids, retry_in = _release([d for d, _ in outgoing if d.pk not in done], error, now)
            result.failed_ids += failed_ids
            # Rows of later batches were never claimed: they are still pending and go with the retry.
            raise DeliveryFailed(error, retry_ids=retry_ids + ids[start + batch_size :], retry_in=retry_in) from error
        _record_sent(accepted, timezone.now())
        result.sent += len(accepted)
    return result


@transaction.atomic
def delivery_send_again(delivery):
    """An admin asks for a failed email to be sent again: back to pending, with a full set of retries."""
    changed = EmailDelivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, not_before=timezone.now(), claim=None
    )
    if changed != 1:
        raise ValidationError("This email is not waiting to be sent again: it may have been sent already")
    from .tasks import send_deliveries

    transaction.on_commit(lambda: send_deliveries.delay([delivery.pk]))


def deliveries_for_meeting(meeting):
    return (
        EmailDelivery.objects.for_meeting(meeting)
        .select_related("person", "person__organisation", "action")
        .order_by(F("sent_at").desc(nulls_first=True), "-created_at", "pk")
    )


def delivery_counts(meeting):
    """{status: count} of the emails about a meeting, in one query."""
    rows = EmailDelivery.objects.for_meeting(meeting).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]
