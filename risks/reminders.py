"""Review reminders to risk owners, planned for the outbox (registered in RisksConfig.ready; the outbox's sweep runs
`plan` every few minutes and sends what is due).

Each open risk of an agreed assessment whose owner can be emailed gets one reminder `REMINDER_DAYS` before its review
date and one once the date has passed. A row is keyed by the review date and points at the risk's first version, so
a new version of the assessment (which copies the risk) sends nothing again, and a new review date starts afresh; the
outbox's unique constraint makes an overlapping run add nothing.
"""

import datetime

from django.utils import timezone

from outbox import services as outbox

from .emails import Kind
from .models import Risk, RiskAssessment

REMINDER_DAYS = 14


def due_rows(now=None):
    today = timezone.localdate(now) if now else timezone.localdate()
    risks = (
        Risk.objects.filter(assessment__status=RiskAssessment.Status.AGREED)
        .open()
        .filter(owner_officer__isnull=False, owner_officer__status="active")
        .exclude(owner_officer__email="")
        .filter(review_date__lte=today + datetime.timedelta(days=REMINDER_DAYS))
        .select_related("owner_officer")
    )
    rows = []
    for risk in risks:
        kind = Kind.REVIEW_OVERDUE if risk.review_date < today else Kind.REVIEW_DUE
        rows.append(
            outbox.delivery_new(
                kind, about=Risk(pk=risk.lineage_id), person=risk.owner_officer, key=risk.review_date.isoformat()
            )
        )
    return rows


def plan(now=None):
    """Add the reminders now due; returns how many rows were planned (existing ones are not added again)."""
    rows = due_rows(now)
    if rows:
        outbox.deliveries_add(rows)
    return len(rows)
