"""Screens for what the workers produce: PDF downloads and their state, and the emails sent about a meeting."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import admin_required, public
from common.audit import log_access
from common.downloads import file_download, rendered_pdf_requested
from common.pagination import paginate
from outbox import services as outbox
from outbox.models import EmailDelivery

from .. import documents
from ..models import GeneratedPdf
from .base import admin_meeting

DELIVERIES_PAGE_SIZE = 50
FULL_VARIANTS = (GeneratedPdf.Kind.MINUTES_FULL, GeneratedPdf.Kind.AGENDA_PACK)


@public
def pdf_download(request, pk, filename=None):
    """A generated PDF, for whoever may read it: 404 otherwise, so its existence does not leak."""
    pdf = get_object_or_404(GeneratedPdf.objects.visible_to(request.user).available(), pk=pk)
    if pdf.kind in FULL_VARIANTS:  # what the public may not read: every download is in the access log
        log_access(request, [pdf.meeting], f"downloaded the {pdf.get_kind_display().lower()} PDF ({pdf.filename})")
    return file_download(pdf.file, filename=pdf.filename)


@admin_required
@require_POST
def pdf_retry(request, pk):
    pdf = get_object_or_404(GeneratedPdf.objects.select_related("minutes_version"), pk=pk)
    documents.pdf_retry(pdf)
    messages.success(request, _("%(kind)s is being prepared again") % {"kind": pdf.get_kind_display()})
    return redirect(_back(pdf))


def _back(pdf):
    if pdf.minutes_version_id:
        return reverse("meetings:minutes_version", args=[pdf.meeting_id, pdf.minutes_version.number]) + "#pdf"
    return reverse("meetings:detail", args=[pdf.meeting_id]) + "#agenda-pack"


@admin_required
@require_POST
def agenda_pack_prepare(request, pk):
    meeting = admin_meeting(request, pk)
    documents.agenda_pack_request(meeting)
    back = reverse("meetings:detail", args=[meeting.pk]) + "#agenda-pack"
    return rendered_pdf_requested(request, back=back, what="The agenda pack")


@admin_required
def deliveries(request, pk):
    """Every email about this meeting: to whom, what, when, and whether it went."""
    meeting = admin_meeting(request, pk)
    rows = EmailDelivery.objects.for_meeting(meeting)
    counts = outbox.delivery_counts(rows)
    status = request.GET.get("status")
    if status in EmailDelivery.Status.values:
        rows = rows.filter(status=status)
    page = paginate(request, outbox.deliveries_listed(rows), DELIVERIES_PAGE_SIZE)
    return render(
        request,
        "meetings/deliveries.html",
        {
            "meeting": meeting,
            "page": page,
            "status": status,
            "statuses": EmailDelivery.Status.choices,
            "counts": counts,
        },
    )
