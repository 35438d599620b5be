"""Action plans: the list, each plan's page, and its life from draft to approved, reopened, archived, rolled over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import admin_required, partner_required, public
from common.confirm import confirm_or_act, confirm_page
from common.forms import form_page
from common.pagination import paginate
from members.models import Organisation

from .. import selectors, services
from ..forms import ApproveForm, PlanActionFilterForm, PlanForm, PublishForm, ReopenForm
from ..models import Action, ActionPlan
from .base import plan_form_page, refuse_if_locked

PLAN_PAGE_SIZE = 100  # actions a page of the plan shows


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
    # A page at a time (GOV.UK pagination): `make bench` measured a plan of 500 actions drawn in one page at over
    # 4x the floor once each row's link, dates and summary were the template's. All are read in the one query.
    page = paginate(request, actions, PLAN_PAGE_SIZE)
    grouped = {p.pk: {"priority": p, "actions": []} for p in priorities}
    for action in page.object_list:
        grouped[action["priority_id"]]["actions"].append(action)
    # A priority without actions is shown on the page where the plan's order puts it: after the last action before it.
    page_of = {action["priority_id"]: index // PLAN_PAGE_SIZE + 1 for index, action in enumerate(actions)}
    shown, at = [], 1
    for priority in priorities:
        at = page_of.get(priority.pk, at)
        group = grouped[priority.pk]
        if group["actions"] or (not any(valid.values()) and priority.pk not in page_of and at == page.number):
            shown.append(group)
    organisations = (
        Organisation.objects.filter(pk__in=Action.objects.filter(priority__plan=plan).values("lead_organisation_id"))
        .order_by("name")
        .values("pk", "name")
    )
    return {
        "plan": plan,
        "groups": shown,
        "count": len(actions),
        "page": page,
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
        context={"heading": _("New action plan"), "cancel_url": reverse("actionplans:index")},
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
        success=_("Plan saved."),
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=_("Edit %(plan)s") % {"plan": plan},
        caption=_("Action plan"),
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
        heading=_("Approve %(plan)s") % {"plan": plan},
        caption=_("Action plan"),
        submit_label=_("Approve plan"),
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
        heading=_("Reopen %(plan)s") % {"plan": plan},
        intro=(
            _(
                "Reopening puts the plan back to draft so its priorities and actions can change. Its history keeps "
                "every change and your reason. Partners cannot see it until it is approved again."
            )
        ),
        caption=_("Action plan"),
        submit_label=_("Reopen as draft"),
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
        messages.success(request, _("%(plan)s is archived.") % {"plan": plan})
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
    messages.success(
        request,
        _("%(copied)s unfinished actions copied into the %(year_label)s draft.")
        % {"copied": copied, "year_label": new_plan.year_label},
    )
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
        success=_("Public summary saved."),
        back=reverse("actionplans:plan", args=[plan.pk]),
        heading=_("Public summary of %(plan)s") % {"plan": plan},
        caption=_("Action plan"),
    )


@public
def public_summary(request):
    plans = list(ActionPlan.objects.published())
    return render(request, "actionplans/public_summary.html", {"plans": plans})
