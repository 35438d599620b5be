"""Panels for the meeting and minutes pages: generated PDFs with their state, and the emails sent.

Inclusion tags so the pages that show them need only one line; each runs a fixed number of queries.
"""

from django import template

from meetings.models import GeneratedPdf
from outbox import services as outbox
from outbox.models import EmailDelivery

register = template.Library()

FAILED_SHOWN = 10


def _pdfs(user, meeting=None, kinds=None, **filters):
    return list(GeneratedPdf.objects.visible_to(user, meeting, kinds).filter(**filters).order_by("kind"))


@register.inclusion_tag("meetings/_agenda_pack.html", takes_context=True)
def agenda_pack_panel(context, meeting):
    request = context["request"]
    pdfs = _pdfs(request.user, meeting, kinds=[GeneratedPdf.Kind.AGENDA_PACK, GeneratedPdf.Kind.AGENDA_PACK_PUBLIC])
    return {"meeting": meeting, "pdfs": pdfs, "viewer": context.get("viewer"), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("meetings/_minutes_pdfs.html", takes_context=True)
def minutes_pdf_panel(context, version):
    request = context["request"]
    pdfs = _pdfs(request.user, minutes_version=version)
    return {"version": version, "pdfs": pdfs, "viewer": context.get("viewer"), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("meetings/_deliveries.html", takes_context=True)
def deliveries_panel(context, meeting):
    """For admins: how many emails went and which failed (with "Send again"); the rest are a link away."""
    rows = EmailDelivery.objects.for_meeting(meeting)
    counts = outbox.delivery_counts(rows)
    any_failed = any(count for value, _, count in counts if value == EmailDelivery.Status.FAILED)
    failed = outbox.deliveries_listed(rows.failed())
    return {
        "meeting": meeting,
        "counts": counts,
        # Only asked for when the counts say there are some: most meetings have none.
        "failed": list(failed[:FAILED_SHOWN]) if any_failed else [],
        "csrf_token": context.get("csrf_token"),
        "back": context["request"].get_full_path() + "#emails",
    }
