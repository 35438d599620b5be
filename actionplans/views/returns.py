"""Quarterly progress returns: the page behind the emailed link, who has returned, the progress agenda item."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from common import need_to_know
from common.access import admin_required, partner_required
from common.forms import add_service_errors

from .. import plan_returns, selectors, services
from .. import policy as plan_policy
from ..forms import UpdateForm
from ..models import Action


def respond(request, return_request):
    """The link in a return email (the engine has checked it): the update form, without signing in.

    The link stands for the lead officer it was sent to; it shows of the action what the email showed.
    """
    action = Action.objects.select_related("priority__plan", "lead_organisation").get(pk=return_request.subject_id)
    form = UpdateForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "status": action.status, "percent_complete": action.percent_complete},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_post_return(return_request=return_request, case_data=form.case_data, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "actionplans/return_done.html", {"action": action})
    context = {
        "form": form,
        "action": action,
        "person_name": return_request.to_name,
        # Email is an unprotected channel, and so is a link without a sign-in: the same words the email gave.
        "description": need_to_know.for_email(plan_policy.PLAN_ACTIONS, action, action.description),
    }
    return render(request, "actionplans/return_form.html", context)


@partner_required
def progress_return(request, token):
    """A link from before returns moved to the return-request engine: the partner's own actions instead."""
    return redirect("actionplans:my_actions")


@admin_required
def returns_index(request):
    """Who has and has not returned, per quarterly meeting; ask or chase now for a meeting still to come."""
    meetings = selectors.return_rounds()
    return render(
        request,
        "actionplans/returns.html",
        {"meetings": meetings, "kind": plan_returns.KIND_REGISTRATION},
    )


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
        {
            "meeting": meeting,
            "previous": previous,
            "updates": updates,
            "returns": returns_list,
            "kind": plan_returns.KIND_REGISTRATION,
            "round_key": f"meetings.meeting:{meeting.pk}",
            "upcoming": meeting.starts_at > timezone.now(),
        },
    )
