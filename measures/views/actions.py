"""An action's measures, results, milestones, how it is tracked and its RAG set by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format

from actionplans.views.base import action_for
from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_access
from common.confirm import confirm_page
from common.downloads import file_download
from common.uploads import CONTENT_TYPES

from .. import policy, services
from ..forms import MeasureForm, MilestoneDoneForm, MilestoneForm, OverrideForm, ResultForm, TrackingForm
from ..models import Tracking
from .base import (
    action_url,
    measure_for,
    measurement_for,
    measures_form_page,
    milestone_for,
    refuse_if_locked,
)

# Measures --------------------------------------------------------------------------------------------------------


@admin_required
def measure_create(request, pk):
    action = action_for(request, pk)
    if locked := refuse_if_locked(request, action):
        return locked
    form = MeasureForm(request.POST or None, initial={"version": 1, "baseline_date": action.start_date,
                                                      "target_date": action.due_date})  # fmt: skip
    form.instance.action = action
    return measures_form_page(
        request,
        form,
        lambda: services.measure_save(measure=form.save(commit=False)),
        success="Measure added.",
        action=action,
        heading="Add a measure",
        intro="How the partnership will know the action worked: a baseline, a target, and the thresholds below which "
        "a result turns amber and red.",
    )


@admin_required
def measure_edit(request, pk):
    measure = measure_for(request, pk)
    if locked := refuse_if_locked(request, measure.action):
        return locked
    form = MeasureForm(request.POST or None, instance=measure)
    return measures_form_page(
        request,
        form,
        lambda: services.measure_save(measure=form.save(commit=False), expected_version=form.cleaned_data["version"]),
        success="Measure saved.",
        action=measure.action,
        heading=f"Edit measure: {measure.title}",
    )


@admin_required
def measure_delete(request, pk):
    measure = measure_for(request, pk)
    if locked := refuse_if_locked(request, measure.action):
        return locked
    if request.method != "POST":
        return confirm_page(
            request,
            caption=f"Action {measure.action.reference}",
            question=f"Remove the measure “{measure.title}”?",
            consequences=[
                "Its results and their evidence files go with it. The change history keeps that they were there."
            ],
            button="Remove measure",
            back=action_url(measure.action.pk),
        )
    services.measure_delete(measure=measure)
    messages.success(request, "Measure removed.")
    return redirect(action_url(measure.action_id))


# Results ---------------------------------------------------------------------------------------------------------


@partner_required
def result_create(request, pk):
    measure = measure_for(request, pk)
    action = measure.action
    if not action.can_be_updated_by(request.user):
        raise PermissionDenied("Only the lead organisation's partners or an admin can report on this action.")
    today = timezone.localdate()
    form = ResultForm(
        request.POST or None,
        request.FILES or None,
        initial={"period_end": today, "period_start": today.replace(day=1)},
    )
    return measures_form_page(
        request,
        form,
        lambda: services.measurement_record(
            measure=measure,
            by=request.user,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            value=form.cleaned_data["value"],
            source=form.cleaned_data["source"],
            commentary=form.cleaned_data["commentary"],
            evidence=form.cleaned_data["evidence"],
            marking=form.cleaned_data["marking"],
            case_data=form.case_data,
        ),
        success=f"Result recorded for “{measure.title}”.",
        action=action,
        heading=f"Record a result: {measure.title}",
        measure=measure,
        template_intro="measures/_result_intro.html",
    )


@partner_required
def result_evidence(request, pk):
    result = measurement_for(request, pk)
    if not result.evidence:
        raise Http404("This result has no evidence file.")
    if need_to_know.logged(policy.RESULT_EVIDENCE, result):
        log_access(request, [result], f"downloaded the {result.get_marking_display()} evidence of a plan result")
    return file_download(
        result.evidence,
        filename=result.evidence_name or "evidence",
        content_type=CONTENT_TYPES.get(result.evidence_kind, "application/octet-stream"),
    )


@admin_required
def result_remove(request, pk):
    result = measurement_for(request, pk)
    action = result.measure.action
    if request.method != "POST":
        return confirm_page(
            request,
            caption=f"Action {action.reference}",
            question=f"Remove the result for the period ending {date_format(result.period_end)}?",
            consequences=[
                "Only for a result recorded in error: the RAG is worked out again without it, and the change "
                "history keeps that it was there."
            ],
            button="Remove result",
            back=action_url(action.pk),
        )
    services.measurement_remove(measurement=result, by=request.user)
    messages.success(request, "Result removed.")
    return redirect(action_url(action.pk))


# Milestones ------------------------------------------------------------------------------------------------------


@admin_required
def milestone_create(request, pk):
    action = action_for(request, pk)
    if locked := refuse_if_locked(request, action):
        return locked
    form = MilestoneForm(request.POST or None, initial={"version": 1})
    form.instance.action = action
    return measures_form_page(
        request,
        form,
        lambda: services.milestone_save(milestone=form.save(commit=False)),
        success="Milestone added.",
        action=action,
        heading="Add a milestone",
        anchor="milestones",
        intro=f"A dated step of the action, due by {date_format(action.due_date)} at the latest. "
        "A milestone not done by its due date turns the action amber.",
    )


@admin_required
def milestone_edit(request, pk):
    milestone = milestone_for(request, pk)
    if locked := refuse_if_locked(request, milestone.action):
        return locked
    form = MilestoneForm(request.POST or None, instance=milestone)
    return measures_form_page(
        request,
        form,
        lambda: services.milestone_save(
            milestone=form.save(commit=False), expected_version=form.cleaned_data["version"]
        ),
        success="Milestone saved.",
        action=milestone.action,
        heading=f"Edit milestone: {milestone.title}",
        anchor="milestones",
    )


@partner_required
def milestone_done(request, pk):
    milestone = milestone_for(request, pk)
    if not milestone.action.can_be_updated_by(request.user):
        raise PermissionDenied("Only the lead organisation's partners or an admin can report on this action.")
    form = MilestoneDoneForm(request.POST or None, initial={"done_on": milestone.done_on or timezone.localdate()})
    return measures_form_page(
        request,
        form,
        lambda: services.milestone_mark(milestone=milestone, by=request.user, done_on=form.cleaned_data["done_on"]),
        success=f"Milestone “{milestone.title}” marked done.",
        action=milestone.action,
        heading=f"Mark done: {milestone.title}",
        anchor="milestones",
        submit_label="Mark done",
    )


@admin_required
def milestone_delete(request, pk):
    milestone = milestone_for(request, pk)
    if locked := refuse_if_locked(request, milestone.action):
        return locked
    if request.method != "POST":
        return confirm_page(
            request,
            caption=f"Action {milestone.action.reference}",
            question=f"Remove the milestone “{milestone.title}”?",
            consequences=["The change history keeps that it was there."],
            button="Remove milestone",
            back=action_url(milestone.action.pk),
        )
    services.milestone_delete(milestone=milestone)
    messages.success(request, "Milestone removed.")
    return redirect(action_url(milestone.action_id, "milestones"))


# How the action is tracked, and its RAG set by hand ---------------------------------------------------------------


@admin_required
def tracking_edit(request, pk):
    action = action_for(request, pk)
    if locked := refuse_if_locked(request, action):
        return locked
    tracking = Tracking.objects.filter(action=action).first()
    form = TrackingForm(
        request.POST or None,
        action=action,
        initial={
            "parent": tracking.parent_id if tracking else None,
            "reporting_period": tracking.reporting_period if tracking else 3,
            "version": tracking.version if tracking else 1,
        },
    )
    return measures_form_page(
        request,
        form,
        lambda: services.tracking_save(
            action=action,
            parent=form.cleaned_data["parent"],
            reporting_period=form.cleaned_data["reporting_period"],
            expected_version=form.cleaned_data["version"],
        ),
        success="Saved.",
        action=action,
        heading=f"How action {action.reference} is tracked",
        anchor="tracking",
    )


@admin_required
def rag_override(request, pk):
    action = action_for(request, pk)
    tracking = Tracking.objects.filter(action=action).first()
    form = OverrideForm(
        request.POST or None,
        initial={
            "status": tracking.override_status if tracking else "",
            "reason": tracking.override_reason if tracking else "",
        },
    )
    return measures_form_page(
        request,
        form,
        lambda: services.rag_override(
            action=action,
            by=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            case_data=form.case_data,
        ),
        success="RAG saved.",
        action=action,
        heading=f"Set the RAG of action {action.reference} by hand",
        anchor="tracking",
        intro="The app works the RAG out from the action's measures, milestones and sub-actions. Set it by hand only "
        "when you know better, and say why: the reason is shown with it.",
    )
