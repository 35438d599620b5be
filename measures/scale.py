"""Bulk fictional plan measures for benchmarks, on the scale plan (actionplans/scale.py): a measure on each of its 500
actions with 4 results each (2,000) and 2 milestones each (1,000), tracking for every action, every tenth a sub-action
of the one before it. Statuses are left as the scale plan made them: only speed is measured on it."""

import datetime
from decimal import Decimal

from actionplans.models import Action, ActionPlan
from members.models import User

from .models import Measure, Measurement, Milestone, Tracking

RESULTS_PER_MEASURE = 4
MILESTONES_PER_ACTION = 2


def build(*, stdout):
    plan = ActionPlan.objects.filter(year_label="Scale").first()
    author = User.objects.filter(role=User.Role.ADMIN).order_by("pk").first()
    if plan is None or author is None:
        stdout.write("Plan measures scale: skipped (no scale plan).")
        return
    actions = list(Action.objects.filter(priority__plan=plan).order_by("pk"))
    measures = Measure.objects.bulk_create(
        Measure(
            action=action,
            title=f"Scale measure {n}: staff trained",
            unit="%",
            baseline=Decimal(20),
            baseline_date=plan.start_date,
            target=Decimal(90),
            target_date=action.due_date,
            amber_at=Decimal(60),
            red_at=Decimal(40),
        )
        for n, action in enumerate(actions)
    )
    Measurement.objects.bulk_create(
        Measurement(
            measure=measure,
            period_start=plan.start_date + datetime.timedelta(days=30 * r),
            period_end=plan.start_date + datetime.timedelta(days=30 * r + 29),
            value=Decimal(30 + 10 * r + n % 20),
            source="Training records",
            commentary="Scale result.",
            recorded_by=author,
        )
        for n, measure in enumerate(measures)
        for r in range(RESULTS_PER_MEASURE)
    )
    Milestone.objects.bulk_create(
        Milestone(
            action=action,
            title=f"Scale milestone {m} of action {n}",
            due_date=min(action.due_date, plan.start_date + datetime.timedelta(days=40 * (m + 1) + n % 60)),
            done_on=plan.start_date + datetime.timedelta(days=40 * (m + 1)) if (n + m) % 3 else None,
        )
        for n, action in enumerate(actions)
        for m in range(MILESTONES_PER_ACTION)
    )
    Tracking.objects.bulk_create(
        Tracking(
            action=action,
            parent=actions[n - 1] if n % 10 == 9 else None,
            entered_status=action.status,
            entered_percent=action.percent_complete,
        )
        for n, action in enumerate(actions)
    )
    stdout.write(
        f"Plan measures scale: +{len(measures)} measures, +{len(measures) * RESULTS_PER_MEASURE} results, "
        f"+{len(actions) * MILESTONES_PER_ACTION} milestones."
    )
