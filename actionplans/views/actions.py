"""Priorities and actions: adding and editing them, each action's page and progress updates, my actions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import admin_required, partner_required
from common.forms import form_page

from .. import selectors, services
from ..forms import ActionForm, PriorityForm, UpdateForm
from ..models import Action, ActionPlan, Priority
from .base import action_for, plan_form_page, refuse_if_locked


@admin_required
def priority_create(request, plan_pk):
    plan = get_object_or_404(ActionPlan, pk=plan_pk)
    if locked := refuse_if_locked(request, plan):
        return locked
    number = (plan.priorities.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = PriorityForm(request.POST or None, initial={"number": number, "version": 1})
    form.instance.plan = plan
    return plan_form_page(
        request,
        form,
        lambda: services.priority_save(priority=form.save(commit=False), case_data=form.case_data),
        success=_("Priority added."),
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=_("Add a priority"),
        caption=str(plan),
        intro=_("Never copy text from the CTLP: give its reference and an unclassified summary."),
    )


@admin_required
def priority_edit(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    if locked := refuse_if_locked(request, priority.plan):
        return locked
    form = PriorityForm(request.POST or None, instance=priority)
    return plan_form_page(
        request,
        form,
        lambda: services.priority_save(
            priority=form.save(commit=False), expected_version=form.cleaned_data["version"], case_data=form.case_data
        ),
        success=_("Priority saved."),
        back=reverse("actionplans:plan", args=[priority.plan_id]),
        heading=_("Edit priority %(number)s") % {"number": priority.number},
        caption=str(priority.plan),
    )


def _save_action(form):
    return services.action_save(
        action=form.save(commit=False),
        supporting_organisations=form.cleaned_data["supporting_organisations"],
        meeting_actions=form.cleaned_data["meeting_actions"],
        expected_version=form.cleaned_data.get("version"),
        case_data=form.case_data,
    )


@admin_required
def action_create(request, priority_pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=priority_pk)
    if locked := refuse_if_locked(request, priority.plan):
        return locked
    count = priority.actions.count()
    form = ActionForm(
        request.POST or None,
        initial={
            "reference": f"{priority.number}.{count + 1}",
            "version": 1,
            "start_date": priority.plan.start_date,
            "due_date": priority.plan.end_date,
        },
    )
    form.instance.priority = priority
    return plan_form_page(
        request,
        form,
        lambda: _save_action(form),
        success=_("Action added."),
        back=reverse("actionplans:plan", args=[priority.plan_id]),
        heading=_("Add an action"),
        caption=str(priority),
    )


@admin_required
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("priority__plan"), pk=pk)
    if locked := refuse_if_locked(request, action.priority.plan):
        return locked
    form = ActionForm(request.POST or None, instance=action)
    return plan_form_page(
        request,
        form,
        lambda: _save_action(form),
        success=_("Action saved."),
        back=reverse("actionplans:action", args=[action.pk]),
        heading=_("Edit action %(reference)s") % {"reference": action.reference},
        caption=str(action.priority.plan),
    )


@partner_required
def action_detail(request, pk):
    action = action_for(request, pk)
    updates = action.updates.select_related("author__person", "reported_by").order_by("-date", "-created_at", "-pk")
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "plan": action.priority.plan,
            "updates": updates,
            "supporting": action.supporting_organisations.all(),
            "meeting_actions": selectors.related_meeting_actions(action, request.user),
            "can_update": action.can_be_updated_by(request.user) and action.priority.plan.status == "approved",
        },
    )


@partner_required
def action_update(request, pk):
    action = action_for(request, pk)
    if not action.can_be_updated_by(request.user):
        raise PermissionDenied(_("Only the lead organisation's partners or an admin can update this action."))
    form = UpdateForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "status": action.status, "percent_complete": action.percent_complete},
    )
    return form_page(
        request,
        form,
        lambda: services.action_post_update(
            action=action, by=request.user, case_data=form.case_data, **form.cleaned_data
        ),
        success=f"Update on action {action.reference} saved.",
        redirect_to=lambda: reverse("actionplans:action", args=[action.pk]),
        template="actionplans/action_update.html",
        context={"action": action, "cancel_url": reverse("actionplans:action", args=[action.pk])},
    )


@partner_required
def my_actions(request):
    organisation = request.user.organisation
    actions = (
        Action.objects.visible_to(request.user)
        .led_by(organisation)
        .exclude(priority__plan__status=ActionPlan.Status.ARCHIVED)
        .select_related("priority__plan", "lead_officer")
        .order_by("-priority__plan__start_date", "priority__number", "reference")
    )
    return render(
        request,
        "actionplans/my_actions.html",
        {"actions": actions, "organisation": organisation, "today": timezone.localdate()},
    )
