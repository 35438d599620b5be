"""Helpers the action plan views share."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from common.forms import form_page

from .. import services
from ..models import Action, ActionPlan


def plan_for(request, pk):
    return get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)


def action_for(request, pk):
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "priority__plan", "lead_organisation", "lead_officer", "origin__priority__plan"
        ),
        pk=pk,
    )


def refuse_if_locked(request, plan):
    """Approved and archived plans are not edited in place: say so and send the user back."""
    if plan.is_editable:
        return None
    if plan.status == ActionPlan.Status.ARCHIVED:
        messages.error(request, _("This plan is archived and cannot be changed."))
    else:
        messages.error(request, services.APPROVED_PLAN_MESSAGE)
    return redirect("actionplans:plan", plan.pk)


def plan_form_page(request, form, save, *, success, back, heading, **context):
    """An admin's form on the action plans' form template: saved or cancelled, the reader goes back to `back`."""
    return form_page(
        request,
        form,
        save,
        success=success,
        redirect_to=lambda: back,
        template="actionplans/form.html",
        context={"heading": heading, "cancel_url": back, **context},
    )
