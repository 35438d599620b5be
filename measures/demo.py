"""Demo plan measures on this year's plan, as the partnership agreed them with the plan: measures on about a third of
its actions with results each quarter (some on target, some amber, some red), milestones (some done, some missed),
an online-safety programme with two sub-actions, an admin's RAG set by hand with the reason, and monthly reporting
for two actions. Uses the plans from actionplans/demo.py; everything here is fictional.

The plan is approved, so these rows are written as they stood when it was approved (the services refuse new measures
on an approved plan); every measured action's RAG is then worked out by the service, as the app does.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from actionplans.models import Action, ActionPlan
from members.models import User

from . import services
from .models import Direction, Measure, Measurement, Milestone, ReportingPeriod, Tracking

H, L = Direction.HIGHER, Direction.LOWER
# reference: (title, unit, direction, baseline, target, amber, red, results by quarter, source)
MEASURES = {
    "1.1": ("Year 9 pupils who have had a session", "%", H, 20, 95, 70, 50, [45, 62, 78], "School timetables"),
    "1.2": ("Parents attending briefings", "parents", H, 0, 120, 80, 40, [35, 52, 58], "Sign-in sheets"),
    "1.6": ("Extremist test sites blocked by the filter", "%", H, 60, 100, 95, 85, [70, 78, 81], "Filtering tests"),
    "2.3": ("Referrals from primary care", "a quarter", H, 2, 8, 5, 3, [3, 2, 2], "Prevent referral records"),
    "2.4": ("GP practices with a named Prevent lead", "%", H, 10, 100, 60, 30, [18, 24, 29], "ICB practice list"),
    "3.1": ("Designated safeguarding leads trained", "%", H, 35, 100, 70, 50, [58, 74, 81], "Training records"),
    "3.4": ("Probation officers trained on the new guidance", "%", H, 30, 100, 70, 50, [48, 63, 69], "Training log"),
    "4.3": ("Days from referral to a panel decision", "days", L, 45, 28, 35, 42, [40, 37, 36], "Channel case log"),
    "4.5": ("Panel meetings with health present", "%", H, 40, 100, 75, 50, [50, 33, 40], "Panel minutes"),
    "5.2": ("Downloads of the family guide", "downloads", H, 0, 500, 300, 150, [90, 220, 410], "Website statistics"),
}
# reference: [(title, days from the plan's start, days after it was due that it was done; None: not done)]
MILESTONES = {
    "1.1": [("Sessions booked in every secondary school", 60, -5), ("Every school visited once", 150, 10)],
    "1.6": [("Test plan agreed with college IT", 45, 0), ("First full filtering test run", "missed", None)],
    "2.4": [("Practice list agreed with the ICB", 30, 2), ("Letter to every practice manager", "missed", None)],
    "3.4": [
        ("Sessions booked with each probation office", 100, -3),
        ("Completion report to the partnership", "later", None),
    ],
    "4.5": [("Health rota for panel meetings agreed", "missed", None)],
    "5.2": [("Guide drafted and checked by families", 70, 4), ("Guide published online", 120, 0)],
}
SUB_ACTIONS = {"1.2": "1.1", "1.4": "1.1"}  # sub-action: the action it is part of
MONTHLY = ("1.6", "2.4")
OVERRIDE = (
    "1.2",
    Action.Status.ON_TRACK,
    "Two autumn briefings were postponed by the schools and are booked for next month; the head teachers have "
    "confirmed the dates, so the partnership officer judges this on track.",
)


def _quarter_ends(start, today):
    """The ends of the plan's quarters that have passed (months when no quarter has yet)."""
    ends, months = [], 3
    while True:
        end = _add_months(start, months) - datetime.timedelta(days=1)
        if end >= today:
            break
        ends.append(end)
        months += 3
    if not ends:
        ends = [_add_months(start, m) - datetime.timedelta(days=1) for m in (1, 2) if _add_months(start, m) <= today]
    return ends


def _add_months(day, months):
    """The same day `months` later (the demo's plans start on the 1st)."""
    later = day
    for _ in range(months):
        later = (later.replace(day=28) + datetime.timedelta(days=4)).replace(day=day.day)
    return later


def _reporter(action, users, admin):
    user = users.get(action.lead_officer.email) if action.lead_officer else None
    if user is None or user.organisation != action.lead_organisation:
        return admin
    return user


def load(*, stdout, password):
    today = timezone.localdate()
    plan = (
        ActionPlan.objects.filter(status=ActionPlan.Status.APPROVED, start_date__lte=today, end_date__gte=today)
        .order_by("-start_date")
        .first()
    )
    users = {u.email: u for u in User.objects.select_related("person")}
    admin = users.get("admin@example.org")
    if plan is None or admin is None:
        stdout.write("Plan measures: skipped (load the action plans demo first).")
        return
    actions = {a.reference: a for a in Action.objects.filter(priority__plan=plan).select_related("lead_officer")}
    periods = _quarter_ends(plan.start_date, today)
    now = timezone.now()
    for reference, (title, unit, direction, baseline, target, amber, red, results, source) in MEASURES.items():
        action = actions.get(reference)
        if action is None:
            continue
        services.tracking_for(action)
        measure, created = Measure.objects.get_or_create(
            action=action,
            title=title,
            defaults={"unit": unit, "direction": direction, "baseline": baseline, "target": target,
                      "amber_at": amber, "red_at": red, "baseline_date": plan.start_date - datetime.timedelta(days=1),
                      "target_date": action.due_date},
        )  # fmt: skip
        if not created:
            continue
        reporter = _reporter(action, users, admin)
        previous = plan.start_date
        for end, value in zip(periods, results, strict=False):
            recorded = timezone.make_aware(
                datetime.datetime.combine(end + datetime.timedelta(days=7), datetime.time(10))
            )
            Measurement.objects.create(
                measure=measure, period_start=previous, period_end=end, value=Decimal(value), source=source,
                commentary="Figures checked by the lead officer before they were recorded.",
                recorded_by=reporter, recorded_at=min(recorded, now),
            )  # fmt: skip
            previous = end + datetime.timedelta(days=1)
    for reference, steps in MILESTONES.items():
        action = actions.get(reference)
        if action is None:
            continue
        services.tracking_for(action)
        for title, due, late in steps:
            if due == "missed":
                due_date = max(plan.start_date, today - datetime.timedelta(days=20))
            elif due == "later":
                due_date = min(action.due_date, today + datetime.timedelta(days=30))
            else:
                due_date = plan.start_date + datetime.timedelta(days=due)
            due_date = min(due_date, action.due_date)
            done = due_date + datetime.timedelta(days=late) if late is not None else None
            Milestone.objects.get_or_create(
                action=action,
                title=title,
                defaults={"due_date": due_date, "done_on": min(done, today) if done else None},
            )
    for child, parent in SUB_ACTIONS.items():
        if child in actions and parent in actions:
            tracking = services.tracking_for(actions[child])
            tracking.parent = actions[parent]
            tracking.save(update_fields=["parent"])
            services.tracking_for(actions[parent])
    for reference in MONTHLY:
        if reference in actions:
            Tracking.objects.filter(action=actions[reference]).update(reporting_period=ReportingPeriod.MONTHLY)
    reference, status, reason = OVERRIDE
    if reference in actions:
        Tracking.objects.filter(action=actions[reference], override_status="").update(
            override_status=status, override_reason=reason, overridden_by=admin, overridden_at=now
        )
    for tracking in Tracking.objects.filter(action__priority__plan=plan).order_by("-parent_id"):
        services.standing_refresh(tracking.action_id, today=today)
    stdout.write(
        f"Plan measures: {Measure.objects.count()} measures, {Measurement.objects.count()} results, "
        f"{Milestone.objects.count()} milestones."
    )
