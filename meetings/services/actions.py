"""Meeting actions, and what a member holds outside the tables: reply links and calendar feeds."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from common.concurrency import save_versioned

from ..models import (
    CalendarFeed,
    Invitation,
    MeetingAction,
)

# Actions ----------------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, meeting, description, owner, due_date=None, item=None):
    return MeetingAction.objects.create(
        meeting=meeting, description=description, owner=owner, due_date=due_date, item=item
    )


@transaction.atomic
def action_update(action, *, expected_version):
    if action.status == MeetingAction.Status.OPEN:
        action.completed_at = None
    elif action.completed_at is None:
        action.completed_at = timezone.now()
    return save_versioned(action, expected_version=expected_version)


@transaction.atomic
def action_mark_done(action, *, note, expected_version):
    if action.status != MeetingAction.Status.OPEN:
        raise ValidationError(gettext("This action is already closed"))
    action.status = MeetingAction.Status.DONE
    action.completion_note = note.strip()
    action.completed_at = timezone.now()
    return save_versioned(action, expected_version=expected_version)


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
