"""Board reports: drafts from live data, their narrative, approved versions and their PDFs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required
from common.audit import log_access
from common.downloads import bytes_download, rendered_pdf_views
from common.forms import add_service_errors
from common.pdf import render_pdf

from .. import documents, selectors, services
from ..forms import BoardReportCreateForm, BoardReportForm
from ..models import BoardReport, BoardReportVersion, GeneratedReport
from .base import plan_form_page


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
            messages.success(request, _("Draft report created from live data. Edit the narrative, then approve it."))
            return redirect("actionplans:board_report", report.pk)
    return render(
        request,
        "actionplans/form.html",
        {"form": form, "heading": _("New board report"), "cancel_url": reverse("actionplans:board_reports")},
    )


@admin_required
def board_report_detail(request, pk):
    report = get_object_or_404(BoardReport.objects.select_related("plan", "pdf"), pk=pk)
    data = selectors.board_report_data(plan=report.plan, period_start=report.period_start, period_end=report.period_end)
    context = documents.board_report_context(report, data)
    context["versions"] = report.versions.select_related("approved_by")
    context["pdf"] = getattr(report, "pdf", None)  # none until someone asks for it
    return render(request, "actionplans/board_report_detail.html", context)


@admin_required
def board_report_edit(request, pk):
    report = get_object_or_404(BoardReport, pk=pk)
    form = BoardReportForm(request.POST or None, instance=report)
    return plan_form_page(
        request,
        form,
        lambda: services.board_report_save(
            report=form.save(commit=False), expected_version=form.cleaned_data["version"], case_data=form.case_data
        ),
        success=_("Report saved."),
        back=reverse("actionplans:board_report", args=[report.pk]),
        heading=_("Edit board report"),
        intro=_("Sections take Markdown. Approved versions are kept as they were; saving makes a new draft."),
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
            messages.success(request, _("Version %(number)s approved and kept.") % {"number": version.number})
    return redirect("actionplans:board_report", report.pk)


board_report_pdf, board_report_pdf_prepare = rendered_pdf_views(
    access=admin_required,
    owner=lambda request, pk: get_object_or_404(BoardReport, pk=pk),
    pdf_of=lambda report: GeneratedReport.objects.filter(board_report=report).first(),
    ask=documents.board_report_pdf_request,
    page="actionplans:board_report",
    audit="downloaded the draft report as PDF",
)


@admin_required
def board_report_version_pdf(request, pk, number):
    version = get_object_or_404(BoardReportVersion, report_id=pk, number=number)
    fields = version.content["fields"]
    context = documents.board_report_context(fields, version.content["data"])
    context["version"] = version
    # An approved version never changes and is asked for rarely: rendered as it is requested.
    log_access(request, [version.report], f"downloaded approved version {number} as PDF")
    return bytes_download(render_pdf("pdf/board_report.html", context), filename=f"board-report-{pk}-v{number}.pdf")
