"""Quarterly progress returns: the action plans app's kind of return, on the return-request engine.

Before each quarterly meeting of the main board, the lead officer of every open action of the plan in force is
asked, by one email listing their actions, for a progress update, each action by its own signed link that works
once and without signing in; those who have not answered are chased once, a few days before the meeting. The
engine (`returnrequests`) sends, chases and records; this module says who is asked, when, and what the link's
page asks. Registered in ActionPlansConfig.ready.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from returnrequests import registry
from returnrequests import services as returns
from returnrequests.models import ReturnRequest

from .emails import Kind
from .models import Action, ActionPlan, ProgressUpdate

KIND = "plan_progress"
# A request has to have had time before it is chased: never the same day, at least this long after.
CHASE_AFTER_REQUEST = datetime.timedelta(days=5)
# An action updated this shortly before the request window opened, or since, is not asked for again.
RECENT_UPDATE = datetime.timedelta(days=14)


def quarterly_meetings():
    return Meeting.objects.filter(
        group__is_main_board=True, status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED]
    )


def _recently_updated_since(meeting):
    """The moment after which an update counts as recent: fixed per meeting, so the daily runs agree."""
    opens = meeting.starts_at - datetime.timedelta(days=settings.PROGRESS_RETURN_DAYS_BEFORE)
    return opens - RECENT_UPDATE


def open_round(meeting, now=None):
    """Ask for a return on every open action of the approved plan in force whose lead officer can be emailed.

    Not for an action updated lately: its lead officer has just told us where it stands. Returns how many
    requests were added.
    """
    day = timezone.localtime(meeting.starts_at).date()
    since = _recently_updated_since(meeting)
    recent = ProgressUpdate.objects.filter(action=OuterRef("pk")).filter(
        Q(created_at__gte=since) | Q(date__gte=timezone.localtime(since).date())
    )
    actions = (
        Action.objects.open()
        .filter(
            priority__plan__status=ActionPlan.Status.APPROVED,
            priority__plan__start_date__lte=day,
            priority__plan__end_date__gte=day,
            lead_officer__isnull=False,
        )
        .exclude(Exists(recent))
        .select_related("lead_officer")
    )
    chase_after = meeting.starts_at - datetime.timedelta(days=settings.PROGRESS_RETURN_CHASE_DAYS_BEFORE)
    rows = [
        returns.request_new(
            KIND,
            subject=action,
            round=meeting,
            person=action.lead_officer,
            send_after=now,
            chase_after=chase_after,
            closes_at=meeting.starts_at,
        )
        for action in actions
    ]
    return len(returns.requests_add(rows))


def _answered_elsewhere():
    """Requests whose action was updated after they went, however the update was made: they are in."""
    later = ProgressUpdate.objects.filter(action_id=OuterRef("subject_id"), created_at__gte=OuterRef("sent_at"))
    return ReturnRequest.objects.filter(kind=KIND, returned_at__isnull=True, sent_at__isnull=False).filter(
        Exists(later)
    )


def plan(now):
    """The sweep's run: record what was answered elsewhere; ask for the meetings now close enough."""
    _answered_elsewhere().update(returned_at=now, returned_via=ReturnRequest.Via.SIGNED_IN)
    request_by = now + datetime.timedelta(days=settings.PROGRESS_RETURN_DAYS_BEFORE)
    return sum(
        open_round(meeting, now)
        for meeting in quarterly_meetings().filter(starts_at__gt=now, starts_at__lte=request_by)
    )


def still_wanted(request):
    """While the action is open and the person asked still leads it as a current member."""
    from members.models import Person

    return (
        Action.objects.open()
        .filter(pk=request.subject_id, lead_officer_id=request.person_id, lead_officer__status=Person.Status.ACTIVE)
        .exists()
    )


def respond(http_request, return_request):
    from .views.returns import respond

    return respond(http_request, return_request)


KIND_REGISTRATION = registry.ReturnKind(
    value=KIND,
    label="Quarterly progress returns",
    respond=respond,
    request_email=Kind.PROGRESS_REQUEST,
    chase_email=Kind.PROGRESS_CHASER,
    plan=plan,
    open_round=open_round,
    still_wanted=still_wanted,
    round_fields=lambda meeting: {"meeting_id": meeting.pk},
    round_url=lambda meeting: reverse("actionplans:progress_for_meeting", args=[meeting.pk]),
    chase_gap=CHASE_AFTER_REQUEST,
)
