"""Helpers the plan measures views share: finding records through the visible querysets, and the plan's lock."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.models import ActionPlan
from common.forms import form_page

from ..models import Measure, Measurement, Milestone


def action_url(action_id, anchor="measures"):
    return reverse("actionplans:action", args=[action_id]) + f"#{anchor}"


def measure_for(request, pk):
    return get_object_or_404(
        Measure.objects.visible_to(request.user).select_related("action__priority__plan", "action__lead_organisation"),
        pk=pk,
    )


def measurement_for(request, pk):
    return get_object_or_404(
        Measurement.objects.visible_to(request.user).select_related("measure__action__priority__plan"), pk=pk
    )


def milestone_for(request, pk):
    return get_object_or_404(
        Milestone.objects.visible_to(request.user).select_related(
            "action__priority__plan", "action__lead_organisation"
        ),
        pk=pk,
    )


def refuse_if_locked(request, action):
    """Measures, milestones and sub-actions are part of the plan: on an approved or archived plan, say so and go back
    to the action (as action plans do for their own edits)."""
    plan = action.priority.plan
    if plan.is_editable:
        return None
    if plan.status == ActionPlan.Status.ARCHIVED:
        messages.error(request, "This plan is archived and cannot be changed.")
    else:
        messages.error(request, plan_services.APPROVED_PLAN_MESSAGE)
    return redirect(action_url(action.pk))


def measures_form_page(request, form, save, *, success, action, heading, anchor="measures", **context):
    """A one-form page about an action: saved or cancelled, the reader goes back to the action's page."""
    back = action_url(action.pk, anchor)
    return form_page(
        request,
        form,
        save,
        success=success,
        redirect_to=lambda: back,
        template="measures/form.html",
        context={"heading": heading, "caption": f"Action {action.reference}", "cancel_url": back, **context},
    )
