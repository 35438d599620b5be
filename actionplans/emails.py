"""Progress return emails, written at send time for the outbox.

One email per lead officer and meeting lists every action they are asked about, each with its own signed link
(the return-request engine's), which works once and without signing in.
"""

from django.db import models

from common import need_to_know
from common.email import build_message
from meetings.models import Meeting
from members.models import Person
from outbox import services as outbox
from returnrequests import services as returns

from . import policy as plan_policy
from .models import Action


class Kind(models.TextChoices):
    """The action plans app's emails (registered with the outbox below)."""

    PROGRESS_REQUEST = "progress_request", "Progress return request"
    PROGRESS_CHASER = "progress_chaser", "Progress return chaser"


outbox.register_kinds(Kind)

TEMPLATES = {Kind.PROGRESS_REQUEST: "progress_return_request", Kind.PROGRESS_CHASER: "progress_return_chaser"}


def _actions(batch):
    """The open actions the batch's emails ask about, read once for the batch."""
    ids = {r.subject_id for d in batch.deliveries if d.kind in TEMPLATES for r in returns.requests_in_email(batch, d)}
    return Action.objects.open().select_related("priority").in_bulk(ids)


@outbox.renders(*TEMPLATES)
def render_progress_returns(delivery, batch):
    meeting = batch.cached("return_meetings", lambda: Meeting.objects.in_bulk(batch.ids_about(*TEMPLATES))).get(
        delivery.about_id
    )
    person = batch.cached("return_leads", lambda: Person.objects.in_bulk({d.person_id for d in batch.deliveries})).get(
        delivery.person_id
    )
    actions = batch.cached("return_actions", lambda: _actions(batch))
    # Every listed action already updated: a request or chase would only confuse.
    listed = [(actions[r.subject_id], r) for r in returns.requests_in_email(batch, delivery) if r.subject_id in actions]
    if meeting is None or person is None or not person.email or not listed:
        return None
    # Email is an unprotected channel: the action's words only where the public may read them (need_to_know.for_email).
    items = [
        {
            "action": action,
            "description": need_to_know.for_email(plan_policy.PLAN_ACTIONS, action, action.description),
            "link": request.link,
        }
        for action, request in sorted(listed, key=lambda pair: (pair[0].priority.number, pair[0].reference))
    ]
    return build_message(
        TEMPLATES[delivery.kind],
        to=person.email,
        context={"person": person, "meeting": meeting, "items": items},
    )
