"""Progress return emails, written at send time for the outbox.

One email per lead officer and meeting lists all the actions they are asked about, each with its own link.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from common import need_to_know
from common.email import build_message
from meetings.models import Meeting
from members.models import Person
from outbox import services as outbox
from outbox.models import EmailDelivery

from . import policy as plan_policy
from .models import ProgressReturn

Kind = EmailDelivery.Kind
TEMPLATES = {Kind.PROGRESS_REQUEST: "progress_return_request", Kind.PROGRESS_CHASER: "progress_return_chaser"}
# The claim each kind set on the returns it lists.
CLAIMED_BY = {Kind.PROGRESS_REQUEST: "sent_at", Kind.PROGRESS_CHASER: "chased_at"}


def _returns(batch):
    """The batch's returns still without an update, by (meeting, lead officer, kind): read once per batch."""

    def load():
        deliveries = [d for d in batch.deliveries if d.kind in TEMPLATES]
        rows = ProgressReturn.objects.filter(
            meeting_id__in={d.about_id for d in deliveries},
            lead_officer_id__in={d.person_id for d in deliveries},
            returned_at__isnull=True,
        ).select_related("action")
        listed = {}
        for ret in rows.order_by("action__priority__number", "action__reference", "pk"):
            for kind, field in CLAIMED_BY.items():
                if getattr(ret, field) is not None:
                    listed.setdefault((ret.meeting_id, ret.lead_officer_id, kind), []).append(ret)
        return listed

    return batch.cached("progress_returns", load)


@outbox.renders(*TEMPLATES)
def render_progress_returns(delivery, batch):
    if delivery.about_type_id != ContentType.objects.get_for_model(Meeting).pk:
        # A row from when each email was about one return: no longer written (the admin sees it as not needed).
        return None
    meeting = batch.cached("return_meetings", lambda: Meeting.objects.in_bulk(batch.ids_about(*TEMPLATES))).get(
        delivery.about_id
    )
    person = batch.cached("return_leads", lambda: Person.objects.in_bulk({d.person_id for d in batch.deliveries})).get(
        delivery.person_id
    )
    # Every listed action already updated: a request or chase would only confuse.
    returns = _returns(batch).get((delivery.about_id, delivery.person_id, delivery.kind), [])
    if meeting is None or person is None or not person.email or not returns:
        return None
    # Email is an unprotected channel: the action's words only where the public may read them (need_to_know.for_email).
    items = [
        {
            "action": ret.action,
            "description": need_to_know.for_email(plan_policy.PLAN_ACTIONS, ret.action, ret.action.description),
            "link": settings.SITE_URL + ret.link_path(),
        }
        for ret in returns
    ]
    return build_message(
        TEMPLATES[delivery.kind],
        to=person.email,
        context={"person": person, "meeting": meeting, "items": items},
    )
