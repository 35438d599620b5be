"""Votes on decisions between meetings, on the return-request engine: each voter is asked by one email with a signed
link that works once and without signing in, reminded a day before voting closes, and the engine records the answer.
Registered in GovernanceConfig.ready."""

import datetime

from django.utils import timezone

from returnrequests import registry

from .emails import Kind
from .models import Motion, Vote
from .services import VOTE_KIND


def still_wanted(request):
    """While the motion is open and the vote not yet cast."""
    return Vote.objects.filter(
        pk=request.subject_id, choice="", motion__status=Motion.Status.OPEN, motion__closes_at__gt=timezone.now()
    ).exists()


def respond(http_request, return_request):
    from .views.motions import vote_by_link

    return vote_by_link(http_request, return_request)


KIND_REGISTRATION = registry.ReturnKind(
    value=VOTE_KIND,
    label="Votes on decisions between meetings",
    respond=respond,
    request_email=Kind.VOTE_REQUEST,
    chase_email=Kind.VOTE_REMINDER,
    still_wanted=still_wanted,
    chase_gap=datetime.timedelta(hours=1),
    link_days=60,
)
