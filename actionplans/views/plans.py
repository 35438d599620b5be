"""Action plans: the list, each plan's page, and its life from draft to approved, reopened, archived, rolled over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from common.access import admin_required, partner_required, public
from common.confirm import confirm_or_act, confirm_page
from common.forms import form_page
from common.text import render_markdown
from members.models import Organisation

from .. import selectors, services
from ..forms import ApproveForm, PlanActionFilterForm, PlanForm, PublishForm, ReopenForm
from ..models import Action, ActionPlan
from .base import plan_form_page, refuse_if_locked


@partner_required
def index(request):
    plans = (
        ActionPlan.objects.visible_to(request.user)
        .annotate(
            n_actions=Count("priorities__actions", distinct=True), n_priorities=Count("priorities", distinct=True)
        )
        .order_by("-start_date")
    )
    return render(request, "actionplans/index.html", {"plans": plans})


@partner_required
def plan_detail(request, pk):
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user).select_related("pdf"), pk=pk)
    context = _plan_context(request, plan)
    context["pdf"] = getattr(plan, "pdf", None)  # none until someone asks for it
    return render(request, "actionplans/plan_detail.html", context)


def _plan_context(request, plan):
    filters = {
        "priority": request.GET.get("priority", ""),
        "organisation": request.GET.get("organisation", ""),
        "status": request.GET.get("status", ""),
        "overdue": request.GET.get("overdue") == "1",
    }
    valid = PlanActionFilterForm(request.GET).filters
    actions = selectors.plan_action_rows(plan, **valid)
    priorities = list(plan.priorities.all())
    grouped = {p.pk: {"priority": p, "actions": []} for p in priorities}
    for action in actions:
        grouped[action["priority_id"]]["actions"].append(action)
    organisations = (
        Organisation.objects.filter(pk__in=Action.objects.filter(priority__plan=plan).values("lead_organisation_id"))
        .order_by("name")
        .values("pk", "name")
    )
    return {
        "plan": plan,
        "groups": [g for g in grouped.values() if g["actions"] or not any(valid.values())],
        "count": len(actions),
        "priorities": priorities,
        "organisations": organisations,
        "statuses": Action.Status.choices,
        "filters": filters,
        "filtered": any(valid.values()),
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
    }


@admin_required
def plan_create(request):
    form = PlanForm(request.POST or None, initial={"version": 1})
    return form_page(
        request,
        form,
        lambda: services.plan_save(plan=form.save(commit=False)),
        success=lambda: f"Draft plan {form.instance.year_label} created. Add its priorities and actions.",
        redirect_to=lambda: reverse("actionplans:plan", args=[form.instance.pk]),
        template="actionplans/form.html",
        context={"heading": "New action plan", "cancel_url": reverse("actionplans:index")},
    )


@admin_required
def plan_edit(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    if locked := refuse_if_locked(request, plan):
        return locked
    form = PlanForm(request.POST or None, instance=plan)
    return plan_form_page(
        request,
        form,
        lambda: services.plan_save(plan=form.save(commit=False), expected_version=form.cleaned_data["version"]),
        success="Plan saved.",
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=f"Edit {plan}",
        caption="Action plan",
    )


@admin_required
def plan_approve(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = ApproveForm(request.POST or None, meetings=services.approving_meetings(plan))
    return plan_form_page(
        request,
        form,
        lambda: services.plan_approve(plan=plan, meeting=form.cleaned_data["meeting"]),
        success=f"{plan} is approved. Partners can now see it and report progress.",
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=f"Approve {plan}",
        caption="Action plan",
        submit_label="Approve plan",
    )


@admin_required
def plan_reopen(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = ReopenForm(request.POST or None)
    return plan_form_page(
        request,
        form,
        lambda: services.plan_reopen(plan=plan, reason=form.cleaned_data["reason"], case_data=form.case_data),
        success=f"{plan} is a draft again. Approve it once the changes are made.",
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=f"Reopen {plan}",
        intro=(
            "Reopening puts the plan back to draft so its priorities and actions can change. Its history keeps "
            "every change and your reason. Partners cannot see it until it is approved again."
        ),
        caption="Action plan",
        submit_label="Reopen as draft",
    )


@admin_required
def plan_history(request, pk):
    """Every recorded change to the plan, its priorities and its actions, newest first."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    return render(request, "actionplans/plan_history.html", {"plan": plan, "changes": selectors.plan_history(plan)})


@admin_required
@confirm_or_act
def plan_archive(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            caption="Action plan",
            question=f"Archive {plan}?",
            consequences=[
                "An archived plan is kept to read, but cannot be reopened, changed or reported against again.",
            ],
            button="Yes, archive the plan",
            back=reverse("actionplans:plan", args=[plan.pk]),
        )
    try:
        services.plan_archive(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{plan} is archived.")
    return redirect("actionplans:plan", plan.pk)


@admin_required
def plan_roll_over(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    if request.method != "POST":
        return redirect("actionplans:plan", plan.pk)
    try:
        new_plan, copied = services.plan_roll_over(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("actionplans:plan", plan.pk)
    messages.success(request, f"{copied} unfinished actions copied into the {new_plan.year_label} draft.")
    return redirect("actionplans:plan", new_plan.pk)


@admin_required
def plan_publish(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = PublishForm(
        request.POST or None,
        initial={"public_summary": plan.public_summary, "summary_published": plan.summary_published},
    )
    return plan_form_page(
        request,
        form,
        lambda: services.plan_publish_summary(
            plan=plan,
            published=form.cleaned_data["summary_published"],
            text=form.cleaned_data["public_summary"],
            case_data=form.case_data,
        ),
        success="Public summary saved.",
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=f"Public summary of {plan}",
        caption="Action plan",
    )


@public
def public_summary(request):
    plans = list(ActionPlan.objects.published())
    for plan in plans:
        plan.summary_html = render_markdown(plan.public_summary)
    return render(request, "actionplans/public_summary.html", {"plans": plans})
