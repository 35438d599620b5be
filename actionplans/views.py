from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from common import pagecache
from common.access import admin_required, partner_required, public
from common.csvexport import csv_response
from common.forms import add_service_errors, versioned_save
from common.pdf import render_pdf
from common.text import render_markdown
from meetings.models import Meeting
from members.models import Organisation

from . import charts, selectors, services
from .forms import (
    ActionForm,
    ApproveForm,
    BoardReportCreateForm,
    BoardReportForm,
    PlanForm,
    PriorityForm,
    PublishForm,
    ReopenForm,
    UpdateForm,
)
from .models import Action, ActionPlan, BoardReport, BoardReportVersion, Priority, ProgressReturn


def _plan_for(request, pk):
    return get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)


def _action_for(request, pk):
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "priority__plan", "lead_organisation", "lead_officer", "origin__priority__plan"
        ),
        pk=pk,
    )


def _refuse_if_locked(request, plan):
    """Approved and archived plans are not edited in place: say so and send the user back."""
    if plan.is_editable:
        return None
    if plan.status == ActionPlan.Status.ARCHIVED:
        messages.error(request, "This plan is archived and cannot be changed.")
    else:
        messages.error(request, services.APPROVED_PLAN_MESSAGE)
    return redirect("actionplans:plan", plan.pk)


# Plans -------------------------------------------------------------------------------------


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
    def build():
        plan = _plan_for(request, pk)
        return _plan_context(request, plan), {"title": str(plan)}

    # The same for every admin (from the shared cache while the data is unchanged); partners' depends on them.
    key = ["plan", pk, request.GET.urlencode()]
    response, _ = pagecache.render_page(request, "actionplans/_plan_detail_body.html", key, build)
    return response


def _plan_context(request, plan):
    filters = {
        "priority": request.GET.get("priority", ""),
        "organisation": request.GET.get("organisation", ""),
        "status": request.GET.get("status", ""),
        "overdue": request.GET.get("overdue") == "1",
    }
    valid = {
        "priority": int(filters["priority"]) if filters["priority"].isdigit() else None,
        "organisation": int(filters["organisation"]) if filters["organisation"].isdigit() else None,
        "status": filters["status"] if filters["status"] in Action.Status.values else None,
        "overdue": filters["overdue"],
    }
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


@partner_required
def dashboard(request, pk):
    plan = _plan_for(request, pk)
    data = selectors.plan_dashboard(plan)
    rag_rows = [(f"P{p['priority'].number}", p["segments"]) for p in data["per_priority"]]
    rag_rows.append(("All", data["overall_segments"]))
    return render(
        request,
        "actionplans/dashboard.html",
        {
            "plan": plan,
            "data": data,
            "rag_chart": charts.rag_bars(rag_rows),
            "progress_chart": charts.progress_bars(
                [(f"P{p['priority'].number}", p["progress"]) for p in data["per_priority"]]
                + [("All", data["progress"])]
            ),
            "legend": charts.legend(),
        },
    )


@partner_required
def plan_csv(request, pk):
    plan = _plan_for(request, pk)
    header = [
        "Priority",
        "Source",
        "CTLP reference",
        "Toolkit area",
        "Reference",
        "Action",
        "Lead organisation",
        "Lead officer",
        "Start",
        "Due",
        "Status",
        "RAG",
        "Percent complete",
        "Weight",
        "Measure of success",
        "Marking",
        "Last update",
    ]
    rows = (
        [
            str(a.priority),
            a.priority.get_source_display(),
            a.priority.ctlp_reference,
            a.priority.get_toolkit_area_display(),
            a.reference,
            a.description,
            a.lead_organisation.name,
            a.lead_officer.name if a.lead_officer else "",
            a.start_date.isoformat(),
            a.due_date.isoformat(),
            a.get_status_display(),
            a.rag_label,
            a.percent_complete,
            a.weight,
            a.measure_of_success,
            a.get_marking_display(),
            a.last_update.isoformat() if a.last_update else "",
        ]
        for a in selectors.plan_actions(plan).iterator(chunk_size=500)
    )
    return csv_response(f"action-plan-{plan.year_label.replace('/', '-')}.csv", header, rows)


@partner_required
def plan_pdf(request, pk):
    plan = _plan_for(request, pk)
    actions = list(selectors.plan_actions(plan))
    priorities = {p.pk: {"priority": p, "actions": []} for p in plan.priorities.all()}
    for action in actions:
        priorities[action.priority_id]["actions"].append(action)
    marking = "OFFICIAL-SENSITIVE" if any(a.marking == "official_sensitive" for a in actions) else "OFFICIAL"
    pdf = render_pdf(
        "pdf/action_plan.html",
        {
            "plan": plan,
            "groups": priorities.values(),
            "marking": marking,
            "legend": charts.legend(),
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.year_label.replace("/", "-")}.pdf"'
    return response


@admin_required
def plan_create(request):
    form = PlanForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(plan=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Draft plan {plan.year_label} created. Add its priorities and actions.")
            return redirect("actionplans:plan", plan.pk)
    return render(
        request,
        "actionplans/form.html",
        {"form": form, "heading": "New action plan", "cancel_url": reverse("actionplans:index")},
    )


@admin_required
def plan_edit(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    if locked := _refuse_if_locked(request, plan):
        return locked
    form = PlanForm(request.POST or None, instance=plan)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.plan_save(plan=form.save(commit=False), expected_version=form.cleaned_data["version"]),
            success="Plan saved.",
        )
        if saved:
            return redirect("actionplans:plan", plan.pk)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Edit {plan}",
            "changes": changes,
            "caption": "Action plan",
            "cancel_url": reverse("actionplans:plan", args=[plan.pk]),
        },
    )


@admin_required
def plan_approve(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = ApproveForm(request.POST or None, initial={"approved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(
                plan=plan, meeting=form.cleaned_data["meeting"], approved_on=form.cleaned_data["approved_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{plan} is approved. Partners can now see it and report progress.")
            return redirect("actionplans:plan", plan.pk)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Approve {plan}",
            "caption": "Action plan",
            "submit_label": "Approve plan",
            "cancel_url": reverse("actionplans:plan", args=[plan.pk]),
        },
    )


@admin_required
def plan_reopen(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_reopen(plan=plan, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{plan} is a draft again. Approve it once the changes are made.")
            return redirect("actionplans:plan", plan.pk)
    intro = (
        "Reopening puts the plan back to draft so its priorities and actions can change. Its history keeps "
        "every change and your reason. Partners cannot see it until it is approved again."
    )
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Reopen {plan}",
            "intro": intro,
            "caption": "Action plan",
            "submit_label": "Reopen as draft",
            "cancel_url": reverse("actionplans:plan", args=[plan.pk]),
        },
    )


@admin_required
def plan_history(request, pk):
    """Every recorded change to the plan, its priorities and its actions, newest first."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    return render(request, "actionplans/plan_history.html", {"plan": plan, "changes": selectors.plan_history(plan)})


@admin_required
def plan_archive(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    if request.method != "POST":
        return redirect("actionplans:plan", plan.pk)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_publish_summary(
                plan=plan, published=form.cleaned_data["summary_published"], text=form.cleaned_data["public_summary"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Public summary saved.")
            return redirect("actionplans:plan", plan.pk)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Public summary of {plan}",
            "caption": "Action plan",
            "cancel_url": reverse("actionplans:plan", args=[plan.pk]),
        },
    )


@public
def public_summary(request):
    plans = list(ActionPlan.objects.published())
    for plan in plans:
        plan.summary_html = render_markdown(plan.public_summary)
    return render(request, "actionplans/public_summary.html", {"plans": plans})


# Priorities and actions ----------------------------------------------------------------------


@admin_required
def priority_create(request, plan_pk):
    plan = get_object_or_404(ActionPlan, pk=plan_pk)
    if locked := _refuse_if_locked(request, plan):
        return locked
    number = (plan.priorities.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = PriorityForm(request.POST or None, initial={"number": number, "version": 1})
    if request.method == "POST" and form.is_valid():
        priority = form.save(commit=False)
        priority.plan = plan
        saved, _ = versioned_save(
            request,
            form,
            lambda: services.priority_save(priority=priority),
            success="Priority added.",
        )
        if saved:
            return redirect("actionplans:plan", plan.pk)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": "Add a priority",
            "caption": str(plan),
            "intro": "Never copy text from the CTLP: give its reference and an unclassified summary.",
            "cancel_url": reverse("actionplans:plan", args=[plan.pk]),
        },
    )


@admin_required
def priority_edit(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    if locked := _refuse_if_locked(request, priority.plan):
        return locked
    form = PriorityForm(request.POST or None, instance=priority)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.priority_save(
                priority=form.save(commit=False), expected_version=form.cleaned_data["version"]
            ),
            success="Priority saved.",
        )
        if saved:
            return redirect("actionplans:plan", priority.plan_id)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Edit priority {priority.number}",
            "changes": changes,
            "caption": str(priority.plan),
            "cancel_url": reverse("actionplans:plan", args=[priority.plan_id]),
        },
    )


def _save_action(form):
    return services.action_save(
        action=form.save(commit=False),
        supporting_organisations=form.cleaned_data["supporting_organisations"],
        meeting_actions=form.cleaned_data["meeting_actions"],
        expected_version=form.cleaned_data.get("version"),
    )


@admin_required
def action_create(request, priority_pk):
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=priority_pk)
    if locked := _refuse_if_locked(request, priority.plan):
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
    if request.method == "POST" and form.is_valid():
        saved, _ = versioned_save(
            request,
            form,
            lambda: _save_action(form),
            success="Action added.",
        )
        if saved:
            return redirect(reverse("actionplans:plan", args=[priority.plan_id]))
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": "Add an action",
            "caption": str(priority),
            "cancel_url": reverse("actionplans:plan", args=[priority.plan_id]),
        },
    )


@admin_required
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("priority__plan"), pk=pk)
    if locked := _refuse_if_locked(request, action.priority.plan):
        return locked
    form = ActionForm(request.POST or None, instance=action)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: _save_action(form),
            success="Action saved.",
        )
        if saved:
            return redirect("actionplans:action", action.pk)
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": f"Edit action {action.reference}",
            "changes": changes,
            "caption": str(action.priority.plan),
            "cancel_url": reverse("actionplans:action", args=[action.pk]),
        },
    )


@partner_required
def action_detail(request, pk):
    action = _action_for(request, pk)
    updates = action.updates.select_related("author__person").order_by("-date", "-created_at", "-pk")
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "plan": action.priority.plan,
            "updates": updates,
            "supporting": action.supporting_organisations.all(),
            "meeting_actions": action.meeting_actions.select_related("meeting", "owner"),
            "can_update": action.can_be_updated_by(request.user) and action.priority.plan.status == "approved",
        },
    )


@partner_required
def action_update(request, pk):
    action = _action_for(request, pk)
    if not action.can_be_updated_by(request.user):
        raise PermissionDenied("Only the lead organisation's partners or an admin can update this action.")
    form = UpdateForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "status": action.status, "percent_complete": action.percent_complete},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_post_update(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Update on action {action.reference} saved.")
            return redirect("actionplans:action", action.pk)
    return render(
        request,
        "actionplans/action_update.html",
        {"form": form, "action": action, "cancel_url": reverse("actionplans:action", args=[action.pk])},
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


# Quarterly progress returns ----------------------------------------------------------------


@partner_required
def progress_return(request, token):
    """The link in a return email: after sign-in, straight to the action's update page."""
    ret = get_object_or_404(ProgressReturn.objects.select_related("action"), token=token)
    if not ret.action.can_be_updated_by(request.user):
        raise PermissionDenied("This link is for the action's lead organisation.")
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
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=meeting_id)
    previous = selectors.previous_quarterly_meeting(meeting)
    start = previous.starts_at.date() if previous else None
    updates = selectors.updates_between(start, meeting.starts_at.date()).filter(
        action__in=Action.objects.visible_to(request.user)
    )
    returns_list = selectors.returns_for_meeting(meeting) if request.user.is_council_admin else None
    return render(
        request,
        "actionplans/progress_for_meeting.html",
        {"meeting": meeting, "previous": previous, "updates": updates, "returns": returns_list},
    )


# Board reports ---------------------------------------------------------------------------------


@admin_required
def board_reports(request):
    reports = BoardReport.objects.select_related("plan").prefetch_related(
        Prefetch("versions", queryset=BoardReportVersion.objects.select_related("approved_by"))
    )
    return render(request, "actionplans/board_reports.html", {"reports": reports})


@admin_required
def board_report_create(request):
    start, end = selectors.period_default()
    form = BoardReportCreateForm(
        request.POST or None,
        initial={
            "period_start": start,
            "period_end": end,
            "plan": selectors.current_plan(request.user),
            "responsible_officer": request.user.get_full_name() or getattr(request.user.member, "name", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.board_report_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft report created from live data. Edit the narrative, then approve it.")
            return redirect("actionplans:board_report", report.pk)
    return render(
        request,
        "actionplans/form.html",
        {"form": form, "heading": "New board report", "cancel_url": reverse("actionplans:board_reports")},
    )


def _report_context(report, data):
    return {
        "report": report,
        "data": data,
        "sections": [
            (label, render_markdown(report[field] if isinstance(report, dict) else getattr(report, field)))
            for field, label in BoardReport.SECTIONS
        ],
    }


@admin_required
def board_report_detail(request, pk):
    report = get_object_or_404(BoardReport.objects.select_related("plan"), pk=pk)
    data = selectors.board_report_data(plan=report.plan, period_start=report.period_start, period_end=report.period_end)
    context = _report_context(report, data)
    context["versions"] = report.versions.select_related("approved_by")
    return render(request, "actionplans/board_report_detail.html", context)


@admin_required
def board_report_edit(request, pk):
    report = get_object_or_404(BoardReport, pk=pk)
    form = BoardReportForm(request.POST or None, instance=report)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.board_report_save(
                report=form.save(commit=False), expected_version=form.cleaned_data["version"]
            ),
            success="Report saved.",
        )
        if saved:
            return redirect("actionplans:board_report", report.pk)
    intro = "Sections take Markdown. Approved versions are kept as they were; saving makes a new draft."
    return render(
        request,
        "actionplans/form.html",
        {
            "form": form,
            "heading": "Edit board report",
            "changes": changes,
            "intro": intro,
            "cancel_url": reverse("actionplans:board_report", args=[report.pk]),
        },
    )


@admin_required
def board_report_approve(request, pk):
    report = get_object_or_404(BoardReport, pk=pk)
    if request.method == "POST":
        try:
            version = services.board_report_approve(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Version {version.number} approved and kept.")
    return redirect("actionplans:board_report", report.pk)


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin_required
def board_report_pdf(request, pk):
    report = get_object_or_404(BoardReport.objects.select_related("plan"), pk=pk)
    data = selectors.board_report_data(plan=report.plan, period_start=report.period_start, period_end=report.period_end)
    context = _report_context(report, data)
    context["draft"] = report.status == BoardReport.Status.DRAFT
    return _pdf_response(render_pdf("pdf/board_report.html", context), f"board-report-{report.pk}.pdf")


@admin_required
def board_report_version_pdf(request, pk, number):
    version = get_object_or_404(BoardReportVersion, report_id=pk, number=number)
    fields = version.content["fields"]
    context = _report_context(fields, version.content["data"])
    context["version"] = version
    return _pdf_response(render_pdf("pdf/board_report.html", context), f"board-report-{pk}-v{number}.pdf")
