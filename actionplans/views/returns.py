"""Quarterly progress returns: the emailed link, who has returned, the progress agenda item."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common import need_to_know
from common.access import admin_required, partner_required
from meetings.models import Meeting

from .. import selectors
from ..models import Action, ProgressReturn


@partner_required
def progress_return(request, token):
    """The link in a return email: after sign-in, straight to the action's update page."""
    ret = get_object_or_404(ProgressReturn.objects.select_related("action"), token=token)
    if not ret.action.can_be_updated_by(request.user):
        raise PermissionDenied(_("This link is for the action's lead organisation."))
    return redirect("actionplans:action_update", ret.action_id)


@admin_required
def returns(request):
    """Who has and has not returned, per upcoming and recent quarterly meeting."""
    meetings = (
        Meeting.objects.filter(progress_returns__isnull=False)
        .annotate(
            n_returns=Count("progress_returns"),
            n_sent=Count("progress_returns", filter=Q(progress_returns__sent_at__isnull=False)),
            n_returned=Count("progress_returns", filter=Q(progress_returns__returned_at__isnull=False)),
            n_chased=Count("progress_returns", filter=Q(progress_returns__chased_at__isnull=False)),
        )
        .order_by("-starts_at")
    )
    return render(request, "actionplans/returns.html", {"meetings": meetings})


@partner_required
def progress_for_meeting(request, meeting_id):
    """The "action plan progress" agenda item: updates since the last meeting, and the returns."""
    meeting = selectors.meeting_for(request.user, meeting_id)
    previous = selectors.previous_quarterly_meeting(meeting)
    start = previous.starts_at.date() if previous else None
    updates = selectors.updates_between(start, meeting.starts_at.date()).filter(
        action__in=Action.objects.visible_to(request.user)
    )
    returns_list = selectors.returns_for_meeting(meeting) if need_to_know.is_admin(request.user) else None
    return render(
        request,
        "actionplans/progress_for_meeting.html",
        {"meeting": meeting, "previous": previous, "updates": updates, "returns": returns_list},
    )
