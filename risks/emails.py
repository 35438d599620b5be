"""Risk review reminders, written at send time for the outbox: before a risk's review date, and once it has passed.

Email is an unprotected channel and risks are not for the public: the email names the risk by its reference and
review date only, with a link to sign in and read it (`need_to_know.for_email`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common import need_to_know
from common.email import build_message
from members.models import Person
from outbox import services as outbox

from . import policy
from .models import Risk, RiskAssessment


class Kind(models.TextChoices):
    """The risk register's emails (registered with the outbox below)."""

    REVIEW_DUE = "risk_review_due", _("Risk review reminder")
    REVIEW_OVERDUE = "risk_review_overdue", _("Risk review overdue")


def _detail(delivery):
    """The line under the label on the emails page: the review date the reminder is for, as people write dates."""
    try:
        day = datetime.date.fromisoformat(delivery.key)
    except ValueError:
        return ""
    return f"Review by {date_format(day)}"


outbox.register_kinds(Kind, detail=_detail)

TEMPLATES = {Kind.REVIEW_DUE: "risk_review_due", Kind.REVIEW_OVERDUE: "risk_review_overdue"}


def current_risks(first_ids):
    """{first version's id: the risk as it stands in an agreed assessment}, for reminders that follow a risk across
    versions. One query."""
    rows = (
        Risk.objects.filter(assessment__status=RiskAssessment.Status.AGREED)
        .filter(models.Q(pk__in=first_ids, first__isnull=True) | models.Q(first_id__in=first_ids))
        .select_related("assessment")
    )
    return {risk.lineage_id: risk for risk in rows}


@outbox.renders(*TEMPLATES)
def render_review_reminder(delivery, batch):
    risks = batch.cached("risk_reminders", lambda: current_risks(batch.ids_about(*TEMPLATES)))
    person = batch.cached(
        "risk_owners", lambda: Person.objects.select_related("user").in_bulk({d.person_id for d in batch.deliveries})
    ).get(delivery.person_id)
    risk = risks.get(delivery.about_id)
    # Reviewed since (a new date), closed, or owned by someone else now: no longer wanted.
    if (
        risk is None
        or person is None
        or not person.email
        or risk.status == Risk.Status.CLOSED
        or risk.owner_officer_id != person.pk
        or risk.review_date.isoformat() != delivery.key
    ):
        return None
    return build_message(
        TEMPLATES[delivery.kind],
        to=person.email,
        context={
            "person": person,
            "risk": risk,
            "title": need_to_know.for_email(policy.RISKS, risk.assessment, risk.title),
            # Someone with no sign-in cannot read the risk: they are told whom to ask, not sent to sign in.
            "url": f"{settings.SITE_URL}{reverse('risks:risk', args=[risk.pk])}" if person.can_sign_in else None,
        },
    )
