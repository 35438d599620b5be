"""Progress return emails, written at send time for the outbox."""

from django.conf import settings

from common.email import build_message
from outbox import services as outbox
from outbox.models import EmailDelivery

from .models import ProgressReturn

Kind = EmailDelivery.Kind
TEMPLATES = {Kind.PROGRESS_REQUEST: "progress_return_request", Kind.PROGRESS_CHASER: "progress_return_chaser"}


@outbox.renders(*TEMPLATES)
def render_progress_return(delivery, batch):
    returns = batch.cached(
        "progress_returns",
        lambda: ProgressReturn.objects.select_related("action__priority__plan", "lead_officer", "meeting").in_bulk(
            batch.ids_about(*TEMPLATES)
        ),
    )
    ret = returns.get(delivery.about_id)
    # Already returned: a request or chase would only confuse.
    if ret is None or ret.returned_at is not None or ret.lead_officer is None or not ret.lead_officer.email:
        return None
    return build_message(
        TEMPLATES[delivery.kind],
        to=ret.lead_officer.email,
        context={"ret": ret, "action": ret.action, "meeting": ret.meeting, "link": settings.SITE_URL + ret.link_path()},
    )
