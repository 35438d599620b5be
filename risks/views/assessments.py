"""The assessment as a whole: the list, the register with its heat map and checks, agreeing it at a meeting, a new
version, the public summary, and the register as PDF and CSV."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, login_required, public
from common.audit import log_access
from common.downloads import rendered_pdf_views
from common.forms import add_service_errors
from common.pagination import paginate
from members.imports import read_csv_text

from .. import documents, imports, selectors, services
from ..forms import AgreeForm, AssessmentForm, FilterForm, ImportForm, PublishForm
from ..models import RegisterPdf, RiskAssessment
from .base import assessment_for, assessment_url, risks_form_page

PAGE_SIZE = 50


@login_required
def index(request):
    """Where the register starts: the assessment in force, and every version the reader may see."""
    assessments = RiskAssessment.objects.visible_to(request.user).select_related("agreed_at_meeting")
    return render(request, "risks/index.html", {"assessments": assessments})


@login_required
def assessment(request, pk):
    """The register: in full for admins; for a partner, the risks their organisation owns or answers, with every
    theme's counts."""
    assessment = assessment_for(request, pk)
    choices = selectors.filter_choices(assessment, request.user)
    form = FilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    rows = selectors.register_rows(assessment, request.user, filters)
    page = paginate(request, rows, PAGE_SIZE)
    at = selectors.positions(rows)
    admin = need_to_know.is_admin(request.user)
    context = {
        "assessment": assessment,
        "form": form,
        "filtered": any(filters.values()) if filters else False,
        "page": page,
        "risks": page.object_list,
        "heat_inherent": selectors.heat_map(at, title="Before controls (inherent)"),
        "heat_residual": selectors.heat_map(at, title="After controls (residual)"),
        "summary": selectors.theme_counts(assessment),
        "is_admin": admin,
        "today": timezone.localdate(),
    }
    if admin:
        context["checks"] = selectors.checks(assessment, limit=selectors.CHECKS_SHOWN)
        context["pdf"] = RegisterPdf.objects.filter(assessment=assessment).first()
    return render(request, "risks/assessment.html", context)


@admin_required
def assessment_create(request):
    form = AssessmentForm(request.POST or None)
    return risks_form_page(
        request,
        form,
        lambda: services.assessment_save(assessment=form.save(commit=False), case_data=form.case_data),
        success="Risk assessment started. Add its risks, then agree it at a meeting.",
        back=lambda: assessment_url(form.instance),
        cancel_url=reverse("risks:index"),
        heading="Start a local risk assessment",
    )


@admin_required
def assessment_edit(request, pk):
    assessment = assessment_for(request, pk)
    if refused := _refuse_unless_draft(request, assessment):
        return refused
    form = AssessmentForm(request.POST or None, instance=assessment)
    return risks_form_page(
        request,
        form,
        lambda: services.assessment_save(
            assessment=form.save(commit=False),
            expected_version=form.cleaned_data["version"],
            case_data=form.case_data,
        ),
        success="Assessment saved.",
        back=assessment_url(assessment),
        heading=f"Edit {assessment}",
    )


def _refuse_unless_draft(request, assessment):
    if assessment.is_editable:
        return None
    messages.error(request, services.AGREED_MESSAGE)
    return redirect(assessment_url(assessment))


@admin_required
def assessment_agree(request, pk):
    assessment = assessment_for(request, pk)
    if refused := _refuse_unless_draft(request, assessment):
        return refused
    form = AgreeForm(request.POST or None)
    return risks_form_page(
        request,
        form,
        lambda: services.assessment_agree(
            assessment=assessment,
            meeting=form.cleaned_data["meeting"],
            item=form.cleaned_data["item"],
            agreed_on=form.cleaned_data["agreed_on"],
        ),
        success=f"{assessment} is agreed. Owners can now see their risks, and it cannot change: make a new version.",
        back=assessment_url(assessment),
        heading=f"Agree {assessment}",
        intro="Record the meeting, and the item in its minutes, where the partnership agreed the assessment. Any "
        "version agreed before for the same period is superseded.",
    )


@admin_required
@require_POST
def assessment_new_version(request, pk):
    assessment = assessment_for(request, pk)
    try:
        draft = services.assessment_new_version(assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assessment_url(assessment))
    messages.success(request, f"Version {draft.number} started as a draft, copying every risk and its links.")
    return redirect(assessment_url(draft))


@admin_required
def assessment_publish(request, pk):
    assessment = assessment_for(request, pk)
    form = PublishForm(
        request.POST or None,
        initial={"public_summary": assessment.public_summary, "published": assessment.summary_published},
    )
    return risks_form_page(
        request,
        form,
        lambda: services.assessment_publish_summary(
            assessment=assessment,
            published=form.cleaned_data["published"],
            text=form.cleaned_data["public_summary"],
            case_data=form.case_data,
        ),
        success="Public summary saved.",
        back=assessment_url(assessment),
        heading=f"Public summary of {assessment}",
        intro="The public summary shows the number of risks per theme and score band, and your words below. It never "
        "shows a risk's title, sources, owner or controls.",
    )


@public
def public_summary(request):
    return render(request, "risks/public_summary.html", {"summary": selectors.published_summary()})


@admin_required
def register_csv(request, pk):
    assessment = assessment_for(request, pk)
    log_access(request, [assessment], "downloaded the risk register as CSV")
    return documents.register_csv(assessment)


register_pdf, register_pdf_prepare = rendered_pdf_views(
    access=admin_required,
    owner=assessment_for,
    pdf_of=lambda assessment: RegisterPdf.objects.filter(assessment=assessment).first(),
    ask=documents.register_pdf_request,
    page="risks:assessment",
    audit="downloaded the risk register as PDF",
)


@admin_required
def risks_import(request, pk):
    """Risks from a CSV into a draft: every bad line listed with its reason, and nothing kept unless all are good."""
    assessment = assessment_for(request, pk)
    if refused := _refuse_unless_draft(request, assessment):
        return refused
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            text = read_csv_text(form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, ValidationError({"file": error.messages}))
        else:
            report = imports.risks_import(assessment=assessment, text=text)
            if report.ok:
                messages.success(request, f"{report.imported} risks imported.")
                return redirect(assessment_url(assessment) + "#register")
    return render(
        request,
        "risks/import.html",
        {"form": form, "report": report, "assessment": assessment, "cancel_url": assessment_url(assessment)},
    )
