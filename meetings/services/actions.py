"""Meeting actions, and what a member holds outside the tables: reply links and calendar feeds."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from common.casedata import confirmation_record
from common.concurrency import save_versioned
from returnrequests import services as returns

from .. import action_returns
from ..minutes_record import refuse_if_minutes_final
from ..models import (
    ActionProgress,
    CalendarFeed,
    Invitation,
    MeetingAction,
)

# Actions ----------------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, meeting, description, owner, due_date=None, item=None, case_data=None):
    refuse_if_minutes_final(meeting, "its actions arising")
    action = MeetingAction.objects.create(
        meeting=meeting, description=description, owner=owner, due_date=due_date, item=item
    )
    confirmation_record(action, case_data)
    return action


@transaction.atomic
def action_update(action, *, expected_version, case_data=None):
    if action.status == MeetingAction.Status.OPEN:
        action.completed_at = None
    elif action.completed_at is None:
        action.completed_at = timezone.now()
    action = save_versioned(action, expected_version=expected_version)
    confirmation_record(action, case_data)
    return action


@transaction.atomic
def action_mark_done(action, *, note, expected_version, case_data=None):
    if action.status != MeetingAction.Status.OPEN:
        raise ValidationError(gettext("This action is already closed"))
    action.status = MeetingAction.Status.DONE
    action.completion_note = note.strip()
    action.completed_at = timezone.now()
    action = save_versioned(action, expected_version=expected_version)
    confirmation_record(action, case_data)
    # Done answers whatever progress its emails asked for.
    returns.requests_answered(kind=action_returns.KIND, subject=action)
    return action


@transaction.atomic
def action_record_progress(action, *, note, done=False, user=None, return_request=None, case_data=None):
    """The owner (or an admin) says where an action stands: signed in (`user`), or by the emailed link
    (`return_request`, which stands for the owner it was sent to and is answered once). `done` closes it."""
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if action.status != MeetingAction.Status.OPEN:
        raise ValidationError("This action is already closed")
    if not (note or "").strip():
        raise ValidationError({"note": "Say what progress has been made"})
    via = ActionProgress.Via.SIGNED_IN
    reported_by = None
    if return_request is not None:
        request = type(return_request).objects.select_for_update().get(pk=return_request.pk)
        if request.returned_at is not None:
            raise ValidationError("This link has been used already: thank you")
        via, reported_by = ActionProgress.Via.LINK, action.owner
    progress = ActionProgress.objects.create(
        action=action, note=note.strip(), recorded_by=user, reported_by=reported_by, via=via
    )
    if done:
        action.status = MeetingAction.Status.DONE
        action.completion_note = note.strip()
        action.completed_at = timezone.now()
    action.version += 1
    action.save(update_fields=["status", "completion_note", "completed_at", "version"])
    returns.requests_answered(kind=action_returns.KIND, subject=action, answer=progress, via=via)
    confirmation_record(action, case_data)
    return progress


# Calendar feeds ---------------------------------------------------------------------------------


@transaction.atomic
def person_links_revoke(person):
    """A membership closed: the reply links already sent to the person and their calendar feed stop working.

    Registered with members.services.on_membership_closed in MeetingsConfig.ready().
    """
    invitations = list(Invitation.objects.filter(person=person).only("pk", "reply_token"))
    for invitation in invitations:
        invitation.reply_token = uuid.uuid4()
    Invitation.objects.bulk_update(invitations, ["reply_token"])
    if person.user_id:
        feed = CalendarFeed.objects.filter(user_id=person.user_id).first()
        if feed is not None:
            feed.reset()


def calendar_feed_for(user):
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(user):
    feed = calendar_feed_for(user)
    feed.reset()
    return feed
