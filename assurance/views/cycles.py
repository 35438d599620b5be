"""Cycles: the list, the matrix, a criterion's page, the gap list, history, submission and sign-off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, partner_required, public
from common.forms import add_service_errors

from .. import selectors, services
from ..forms import AssessmentForm, CorrectionForm, CycleStartForm, FrameworkImportForm, PublishForm, SignOffForm
from ..models import SIGN_OFFS_NEEDED, AssessmentCycle, Framework
from .base import assessment_for, cycle_for, run


def _form_page(request, form, heading, cancel_url, **extra):
    return render(request, "assurance/form.html", {"form": form, "heading": heading, "cancel_url": cancel_url, **extra})


@partner_required
def index(request):
    cycles = AssessmentCycle.objects.visible_to(request.user).select_related("framework")
    return render(request, "assurance/index.html", {"cycles": cycles})


@public
def public_summary(request):
    cycle = AssessmentCycle.objects.published().first()
    return render(request, "assurance/public_summary.html", {"cycle": cycle})


@admin_required
def framework_list(request):
    frameworks = Framework.objects.prefetch_related("areas__criteria")
    return render(request, "assurance/frameworks.html", {"frameworks": frameworks})


@admin_required
def framework_import(request):
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_import_csv(
                name=form.cleaned_data["name"], version=form.cleaned_data["version"], text=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(framework)s imported. New assessments will use it.") % {"framework": framework}
            )
            return redirect("assurance:frameworks")
    return _form_page(
        request, form, "Import the Prevent duty toolkit", reverse("assurance:frameworks"), submit_label=_("Import")
    )


@admin_required
def cycle_start(request):
    form = CycleStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_start(year_label=form.cleaned_data["year_label"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(cycle)s started against %(framework)s.") % {"cycle": cycle, "framework": cycle.framework}
            )
            return redirect("assurance:cycle", cycle.pk)
    return _form_page(request, form, "Start this year's self-assessment", reverse("assurance:index"))


@partner_required
def cycle_detail(request, pk):
    cycle = cycle_for(request, pk)
    context = {"cycle": cycle, **selectors.matrix(cycle, request.user)}
    if need_to_know.is_admin(request.user):
        context["proposed"] = selectors.proposed_evidence(cycle)
        context["sign_offs"] = list(cycle.sign_offs.all())
    return render(request, "assurance/cycle_detail.html", context)


@admin_required
def assessment_edit(request, pk, assessment_pk):
    cycle, assessment = assessment_for(request, pk, assessment_pk)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_save(
                assessment=assessment,
                rating=data["rating"],
                narrative=data["narrative"],
                confidence=data["confidence"],
                not_applicable_reason=data["not_applicable_reason"],
                case_data=form.case_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion %(number)s saved.") % {"number": assessment.criterion.number})
            return redirect(reverse("assurance:cycle", args=[cycle.pk]) + f"#criterion-{assessment.pk}")
    return render(
        request,
        "assurance/assessment_edit.html",
        {
            "cycle": cycle,
            "assessment": assessment,
            "form": form,
            "evidence": selectors.evidence_for(assessment, request.user),
            "facts": selectors.area_facts(cycle, assessment.criterion.area.number),
        },
    )


@admin_required
def gaps(request, pk):
    cycle = cycle_for(request, pk)
    return render(request, "assurance/gaps.html", {"cycle": cycle, "gaps": selectors.gaps(cycle)})


@admin_required
@require_POST
def gap_action(request, pk, assessment_pk):
    cycle, assessment = assessment_for(request, pk, assessment_pk)
    action = run(
        request,
        lambda: services.gap_create_action(assessment=assessment, by=request.user),
        success=_("Improvement action created in the draft partnership plan."),
    )
    if action:
        return redirect("actionplans:action", action.pk)
    return redirect("assurance:gaps", cycle.pk)


@admin_required
def history(request, pk):
    cycle = cycle_for(request, pk)
    return render(request, "assurance/history.html", {"cycle": cycle, "changes": selectors.cycle_history(cycle)})


@admin_required
@require_POST
def submit(request, pk):
    cycle = cycle_for(request, pk)
    run(request, lambda: services.cycle_submit(cycle=cycle), success=_("Submitted for sign-off by two admins."))
    return redirect("assurance:cycle", cycle.pk)


@admin_required
@require_POST
def reopen(request, pk):
    cycle = cycle_for(request, pk)
    run(request, lambda: services.cycle_return_to_draft(cycle=cycle), success=_("Returned to draft for changes."))
    return redirect("assurance:cycle", cycle.pk)


@admin_required
def sign_off(request, pk):
    cycle = cycle_for(request, pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_sign_off(cycle=cycle, by=request.user, role_title=form.cleaned_data["role_title"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            cycle.refresh_from_db()
            done = cycle.status == AssessmentCycle.Status.SIGNED_OFF
            messages.success(
                request, "Signed off: the assessment is now locked." if done else "Signed off. One more admin to go."
            )
            return redirect("assurance:cycle", cycle.pk)
    return render(
        request,
        "assurance/sign_off.html",
        {
            "cycle": cycle,
            "form": form,
            "sign_offs": list(cycle.sign_offs.all()),
            "needed": SIGN_OFFS_NEEDED,
            **selectors.matrix(cycle),
        },
    )


@admin_required
def correct(request, pk):
    cycle = cycle_for(request, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.cycle_correct(
                cycle=cycle, reason=form.cleaned_data["reason"], case_data=form.case_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s started as a draft. The signed-off one is kept.") % {"number": correction.number},
            )
            return redirect("assurance:cycle", correction.pk)
    intro = "A correction is a new draft version, copied from this one. It needs signing off again."
    return _form_page(request, form, f"Correct {cycle}", reverse("assurance:cycle", args=[cycle.pk]), intro=intro)


@admin_required
def publish(request, pk):
    cycle = cycle_for(request, pk)
    form = PublishForm(
        request.POST or None, initial={"published": cycle.summary_published, "public_summary": cycle.public_summary}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_publish_summary(
                cycle=cycle,
                published=form.cleaned_data["published"],
                text=form.cleaned_data["public_summary"],
                case_data=form.case_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Public summary saved."))
            return redirect("assurance:cycle", cycle.pk)
    return _form_page(request, form, "Public summary", reverse("assurance:cycle", args=[cycle.pk]))
