"""Emails about meetings, written at send time for the outbox.

Confidential items never appear in a body; OFFICIAL-SENSITIVE ones only as a link.
"""

import datetime
import math

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common import need_to_know
from common.email import build_message, render_text
from members.models import Person
from outbox import services as outbox
from outbox.models import EmailDelivery
from returnrequests import services as returns

from . import action_returns, calendar, policy, replies, selectors
from .models import AgendaItem, Invitation, Meeting, MeetingAction, MinutesVersion, Paper


class Kind(models.TextChoices):
    """The meetings app's emails (registered with the outbox below)."""

    AGENDA = "agenda", "Agenda published"
    REMINDER = "reminder", "Reminder"
    CHASER = "chaser", "Reply chaser"
    UPDATE = "update", "Meeting changed"
    CANCELLATION = "cancellation", "Cancellation"
    MINUTES_CIRCULATED = "minutes_circulated", "Draft minutes for comment"
    LATE_PAPERS = "late_papers", "Late papers"
    ACTION_DUE = "action_due", "Action due soon"
    ACTION_OVERDUE = "action_overdue", "Action overdue"


def _describe(delivery):
    if delivery.kind == Kind.REMINDER and delivery.key:
        return f"Reminder ({delivery.key.removesuffix('d')} days before)"
    return None


def _detail(delivery):
    """Under an action reminder on the emails page: the action it is about (`about` prefetched)."""
    action = delivery.about if delivery.kind in (Kind.ACTION_DUE, Kind.ACTION_OVERDUE) else None
    return action.description if action is not None else ""


outbox.register_kinds(Kind, describe=_describe, detail=_detail)

# Meetings still to happen: their invitees are reminded and told of changes.
LIVE = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


def recipients(invitations):
    """The invitations whose person may be emailed: a current member with an address."""
    return invitations.filter(person__status=Person.Status.ACTIVE).exclude(person__email="").select_related("person")


MEETING_KINDS = (Kind.AGENDA, Kind.REMINDER, Kind.CHASER, Kind.UPDATE, Kind.CANCELLATION)
# Rows about a meeting, whatever they say: the meeting and the invitations are read once per batch for all.
ABOUT_MEETING_KINDS = (*MEETING_KINDS, Kind.LATE_PAPERS)
# A late paper's email waits this long, so papers uploaded one after another go in one email.
LATE_PAPERS_DELAY = datetime.timedelta(minutes=10)
ACTION_KINDS = (Kind.ACTION_DUE, Kind.ACTION_OVERDUE)
TEMPLATES = {
    Kind.AGENDA: "meeting_agenda_published",
    Kind.REMINDER: "meeting_reminder",
    Kind.CHASER: "meeting_chaser",
    Kind.UPDATE: "meeting_update",
    Kind.CANCELLATION: "meeting_cancellation",
    Kind.ACTION_DUE: "action_due",
    Kind.ACTION_OVERDUE: "action_overdue",
}


def email_agenda(meeting):
    """The agenda as an email may carry it: (number, title, purpose, is_sensitive) with confidential items left out."""
    lines = []
    # Email is an unprotected channel: it carries the agenda as the public may read it (`policy.for_email`).
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    for item in policy.present_items(list(items), need_to_know.PUBLIC):
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


# What one batch of rows shares: read once per batch, not once per person ---------------------------


def _people(batch):
    """The batch's addressees, with their logins: whoever cannot sign in is never sent to a page behind it."""
    return batch.cached(
        "people", lambda: Person.objects.select_related("user").in_bulk({d.person_id for d in batch.deliveries})
    )


def _meetings(batch):
    return batch.cached(
        "meetings", lambda: Meeting.objects.select_related("group").in_bulk(batch.ids_about(*ABOUT_MEETING_KINDS))
    )


def _actions(batch):
    return batch.cached(
        "actions",
        lambda: MeetingAction.objects.select_related("meeting__group", "owner").in_bulk(batch.ids_about(*ACTION_KINDS)),
    )


def _invitations(batch):
    def load():
        rows = Invitation.objects.filter(
            meeting_id__in=batch.ids_about(*ABOUT_MEETING_KINDS), person_id__in={d.person_id for d in batch.deliveries}
        )
        return {(i.meeting_id, i.person_id): i for i in rows.select_related("meeting")}

    return batch.cached("invitations", load)


def _meeting_context(batch, meeting, signed_in):
    """What every invitee's email about the meeting shares; `signed_in`: for those who can sign in (with links
    to the meeting page), or for those who cannot (told to ask the partnership officer instead)."""

    def load():
        cancelled = meeting.status == Meeting.Status.CANCELLED
        context = {
            "meeting": meeting,
            "agenda": email_agenda(meeting) if meeting.has_published_agenda else None,
            "meeting_url": meeting_url(meeting) if signed_in else None,
        }
        # The details and agenda are the same for every invitee: render them once per meeting (2,000 invitees
        # would otherwise each render the whole agenda twice), as safe strings the emails' templates drop in.
        for part in ("meeting_when", "agenda", "meeting_details"):
            context[f"{part}_text"] = render_text(f"emails/_{part}.txt", context)
            context[f"{part}_html"] = render_to_string(f"emails/_{part}.html", context)
        context["ics"] = (
            calendar.ics_filename(meeting),
            calendar.meeting_ics(meeting),
            f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}",
        )
        return context

    return batch.cached(("meeting", meeting.pk, signed_in), load)


# Renderers --------------------------------------------------------------------------------------


@outbox.renders(*MEETING_KINDS)
def render_meeting_email(delivery, batch):
    meeting = _meetings(batch).get(delivery.about_id)
    person = _people(batch).get(delivery.person_id)
    if meeting is None or person is None or not person.email or person.status == Person.Status.FORMER:
        return None  # gone, or no longer a member: nothing to tell them
    if delivery.kind == Kind.CANCELLATION:
        if meeting.status != Meeting.Status.CANCELLED:
            return None
    elif meeting.status not in LIVE or meeting.starts_at <= timezone.now():
        return None
    meeting_context = _meeting_context(batch, meeting, person.can_sign_in)
    invitation = _invitations(batch).get((meeting.pk, person.pk))
    context = {
        **meeting_context,
        "person": person,
        "invitation": invitation,
        "reply_urls": replies.reply_urls(invitation) if invitation and delivery.kind != Kind.CANCELLATION else None,
        "days_before": max(0, math.ceil((meeting.starts_at - timezone.now()).total_seconds() / 86400)),
    }
    # The meeting's SEQUENCE in what was sent: a later change sends an update to whoever saw an older one.
    delivery.meeting_sequence = meeting.sequence
    return build_message(
        TEMPLATES[delivery.kind], to=person.email, context=context, attachments=[meeting_context["ics"]]
    )


@outbox.renders(*ACTION_KINDS)
def render_action_email(delivery, batch):
    action = _actions(batch).get(delivery.about_id)
    person = _people(batch).get(delivery.person_id)
    if action is None or person is None or not person.email:
        return None
    if action.status != MeetingAction.Status.OPEN or action.due_date is None:
        return None
    context = {
        "person": person,
        "action": action,
        # Email is an unprotected channel: an action under an exempt item is named only once signed in.
        "description": need_to_know.for_email(policy.ACTIONS_ARISING, action, action.description),
        "meeting": action.meeting,
        # The owner's own list (the admins' action log answers 403 to a partner), for an owner who can sign in.
        "my_actions_url": f"{settings.SITE_URL}{reverse('meetings:my_actions')}" if person.can_sign_in else None,
        # One signed link per email, working once without a sign-in (the return-request engine's).
        "progress_url": returns.link_url(
            returns.request_ensure(
                action_returns.KIND, subject=action, round=action.meeting, person=person, key=delivery.key
            )
        ),
        "days_overdue": (timezone.localdate() - action.due_date).days,
    }
    return build_message(TEMPLATES[delivery.kind], to=person.email, context=context)


@outbox.renders(Kind.MINUTES_CIRCULATED)
def render_minutes_circulated(delivery, batch):
    versions = batch.cached(
        "minutes",
        lambda: MinutesVersion.objects.select_related("minutes__meeting").in_bulk(
            batch.ids_about(Kind.MINUTES_CIRCULATED)
        ),
    )
    version = versions.get(delivery.about_id)
    person = _people(batch).get(delivery.person_id)
    if version is None or version.status != MinutesVersion.Status.CIRCULATED or person is None or not person.email:
        return None
    meeting = version.minutes.meeting
    url = f"{settings.SITE_URL}{reverse('meetings:minutes', args=[meeting.pk])}" if person.can_sign_in else None
    return build_message(
        "meeting_minutes_circulated",
        to=person.email,
        context={"meeting": meeting, "version": version, "person": person, "minutes_url": url},
    )


def _late_paper_lines(papers):
    """Late papers as an email may name them: a confidential or OFFICIAL-SENSITIVE paper (or item) by its kind only."""
    lines = []
    for paper in papers:
        item = paper.item
        # Email is an unprotected channel: a paper the public may not read is named by its kind only.
        withheld = None
        if not need_to_know.shown(policy.PAPERS, need_to_know.PUBLIC, paper):
            confidential = need_to_know.level(paper) == need_to_know.Level.CONFIDENTIAL
            withheld = "A confidential paper" if confidential else "An OFFICIAL-SENSITIVE paper"
        lines.append(
            {
                "title": None if withheld else paper.title,
                "withheld": withheld,
                "item_position": item.position,
                "item_title": None if withheld else item.title,
            }
        )
    return lines


def _late_papers(batch):
    """Per meeting, its papers uploaded after the agenda went out; per (meeting, person), when they last heard."""

    def load():
        papers = {}
        rows = (
            Paper.objects.filter(
                item__meeting_id__in=batch.ids_about(Kind.LATE_PAPERS),
                uploaded_at__gt=F("item__meeting__agenda_published_at"),
            )
            .select_related("item")
            .order_by("item__position", "position", "pk")
        )
        for paper in rows:
            papers.setdefault(paper.item.meeting_id, []).append(paper)
        told = (
            EmailDelivery.objects.filter(
                kind=Kind.LATE_PAPERS,
                status=EmailDelivery.Status.SENT,
                about_type=ContentType.objects.get_for_model(Meeting),
                about_id__in=batch.ids_about(Kind.LATE_PAPERS),
                person_id__in={d.person_id for d in batch.deliveries},
            )
            .values("about_id", "person_id")
            .annotate(last=Max("claimed_at"))
        )
        return papers, {(row["about_id"], row["person_id"]): row["last"] for row in told}

    return batch.cached("late_papers", load)


@outbox.renders(Kind.LATE_PAPERS)
def render_late_papers(delivery, batch):
    """Every paper added since the agenda, or since this invitee's last late-paper email, up to this row's claim."""
    meeting = _meetings(batch).get(delivery.about_id)
    person = _people(batch).get(delivery.person_id)
    if meeting is None or person is None or not person.email:
        return None
    if meeting.status != Meeting.Status.AGENDA_PUBLISHED or meeting.starts_at <= timezone.now():
        return None
    # Papers are for invitees: someone no longer invited hears nothing of them.
    if (meeting.pk, person.pk) not in _invitations(batch):
        return None
    papers, told = _late_papers(batch)
    since = told.get((meeting.pk, person.pk))
    listed = [
        paper
        for paper in papers.get(meeting.pk, [])
        if (since is None or paper.uploaded_at > since) and paper.uploaded_at <= delivery.claimed_at
    ]
    if not listed:
        return None
    lines = _late_paper_lines(listed)
    context = {
        "meeting": meeting,
        "person": person,
        "papers": lines,
        "meeting_url": meeting_url(meeting) if person.can_sign_in else None,
    }
    return build_message("meeting_late_papers", to=person.email, context=context)


# Adding rows ------------------------------------------------------------------------------------


def late_paper_enqueue(paper):
    """A paper added after the agenda went out: each invitee hears of it once, with any others added meanwhile.

    An invitee with a late-paper email still waiting (more than a minute off, so this paper is committed
    before it is written) gets no second row: that email lists this paper too.
    """
    meeting = Meeting.objects.get(pk=paper.item.meeting_id)  # as it is now, not as the caller last read it
    now = timezone.now()
    if meeting.status != Meeting.Status.AGENDA_PUBLISHED or meeting.starts_at <= now:
        return []
    waiting = EmailDelivery.objects.about(meeting).filter(
        kind=Kind.LATE_PAPERS, status=EmailDelivery.Status.PENDING, not_before__gt=now + datetime.timedelta(minutes=1)
    )
    invitations = recipients(meeting.invitations).exclude(person_id__in=waiting.values("person_id"))
    rows = []
    for invitation in invitations:
        row = outbox.delivery_new(
            Kind.LATE_PAPERS, about=meeting, person=invitation.person, meeting_id=meeting.pk, key=f"paper-{paper.pk}"
        )
        row.not_before = now + LATE_PAPERS_DELAY
        rows.append(row)
    # Sent by the beat's outbox run once not_before has passed.
    return outbox.deliveries_add(rows)


def minutes_circulated_enqueue(minutes_version_id):
    """One outbox row per invitee who may comment on this circulated version; the ids still to send."""
    version = MinutesVersion.objects.select_related("minutes__meeting").filter(pk=minutes_version_id).first()
    if version is None or version.status != MinutesVersion.Status.CIRCULATED:
        return []
    meeting = version.minutes.meeting
    invitations, _ = selectors.minutes_circulation(meeting)
    outbox.deliveries_add(
        [
            outbox.delivery_new(Kind.MINUTES_CIRCULATED, about=version, person=i.person, meeting_id=meeting.pk)
            for i in invitations.select_related("person")
        ]
    )
    rows = EmailDelivery.objects.about(version).filter(
        kind=Kind.MINUTES_CIRCULATED, status=EmailDelivery.Status.PENDING
    )
    return list(rows.order_by("pk").values_list("pk", flat=True))
