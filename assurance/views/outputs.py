"""The return as HTML, XLSX and PDF, and the annual Prevent report through the board report engine."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_access
from common.downloads import bytes_download, rendered_pdf_views
from common.forms import add_service_errors

from .. import documents, services
from ..forms import AnnualReportForm
from ..models import ReturnPdf
from .base import cycle_for


@partner_required
def return_html(request, pk):
    cycle = cycle_for(request, pk)
    context = documents.return_context(cycle, request.user)
    context["pdf"] = ReturnPdf.objects.filter(cycle=cycle).first() if need_to_know.is_admin(request.user) else None
    return render(request, "assurance/return.html", context)


@partner_required
def return_xlsx(request, pk):
    cycle = cycle_for(request, pk)
    log_access(request, [cycle], "downloaded the return as XLSX")
    return bytes_download(
        documents.return_xlsx(cycle, request.user),
        filename=f"prevent-assurance-{cycle.year_label.replace('/', '-')}-v{cycle.number}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


return_pdf, return_pdf_prepare = rendered_pdf_views(
    access=admin_required,
    owner=cycle_for,
    pdf_of=lambda cycle: ReturnPdf.objects.filter(cycle=cycle).first(),
    ask=documents.return_pdf_request,
    page="assurance:return",
    audit="downloaded the return as PDF",
)


@admin_required
def annual_report(request, pk):
    cycle = cycle_for(request, pk)
    form = AnnualReportForm(
        request.POST or None,
        initial={"responsible_officer": request.user.get_full_name() or getattr(request.user.member, "name", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.annual_report_create(cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Annual Prevent report drafted from the signed-off assessment. Edit, then approve.")
            )
            return redirect("actionplans:board_report", report.pk)
    return render(
        request,
        "assurance/form.html",
        {
            "form": form,
            "heading": _("Annual Prevent report"),
            "intro": _(
                "A board report in the usual format, filled in from the signed-off assessment, "
                "the partnership plan's progress, membership coverage and attendance."
            ),
            "cancel_url": reverse("assurance:cycle", args=[cycle.pk]),
            "submit_label": _("Create the report"),
        },
    )
