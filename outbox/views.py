"""Admins: every email the app sent or tried to send, failures first to hand, and "Send again"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import admin_required
from common.http import next_url
from common.pagination import paginate

from . import kinds, services
from .models import EmailDelivery

PAGE_SIZE = 50


@admin_required
def deliveries(request):
    """Every email, any kind (join, password, progress returns, meetings); failed ones by default. The page says
    which filter is in force: a status, or "all" (asked for, or an unknown status); a kind, from those the apps
    registered."""
    status = request.GET.get("status", EmailDelivery.Status.FAILED)
    if status not in EmailDelivery.Status.values:
        status = "all"
    kind = request.GET.get("kind")
    if not kinds.is_kind(kind):
        kind = None
    rows = EmailDelivery.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    counts = services.delivery_counts(rows)
    if status != "all":
        rows = rows.filter(status=status)
    page = paginate(request, services.deliveries_listed(rows), PAGE_SIZE)
    return render(
        request,
        "outbox/deliveries.html",
        {
            "page": page,
            "status": status,
            "status_label": "All" if status == "all" else EmailDelivery.Status(status).label,
            "kind": kind,
            "kind_label": kind and kinds.label(kind),
            "kinds": kinds.choices(),
            "counts": counts,
        },
    )


@admin_required
@require_POST
def send_again(request, pk):
    delivery = get_object_or_404(EmailDelivery, pk=pk)
    try:
        services.delivery_send_again(delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Sending the %(email)s to %(recipient)s again")
            % {"email": delivery.label.lower(), "recipient": delivery.to_name or delivery.to_email},
        )
    return redirect(next_url(request, reverse("outbox:deliveries")))
