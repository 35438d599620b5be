"""Bulk fictional action plan for benchmarks: 500 actions with 5,000 progress updates."""

import datetime
import itertools

from django.utils import timezone

from members.models import Organisation, Person, User

from .models import Action, ActionPlan, Priority, ProgressUpdate, ToolkitArea

PRIORITIES = 10
ACTIONS = 500
UPDATES_PER_ACTION = 10


def build(*, stdout):
    today = timezone.localdate()
    author = User.objects.filter(role=User.Role.ADMIN).order_by("pk").first()
    plan = ActionPlan.objects.create(
        year_label="Scale",
        title="Scale action plan",
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(month=12, day=31),
    )
    areas = itertools.cycle([value for value, _ in ToolkitArea.choices])
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, number=n, title=f"Scale priority {n}", toolkit_area=next(areas))
        for n in range(1, PRIORITIES + 1)
    )
    organisations = list(Organisation.objects.filter(name__startswith="Scale Organisation")[:100])
    officers = list(Person.objects.filter(email__startswith="scale.person")[:100])
    statuses = itertools.cycle([value for value, _ in Action.Status.choices])
    actions = Action.objects.bulk_create(
        Action(
            priority=priorities[n % PRIORITIES],
            reference=f"{n % PRIORITIES + 1}.{n // PRIORITIES + 1}",
            description=f"Scale action {n}: deliver Prevent awareness training to front-line staff",
            lead_organisation=organisations[n % len(organisations)],
            lead_officer=officers[n % len(officers)],
            start_date=plan.start_date,
            due_date=plan.start_date + datetime.timedelta(days=30 + n % 300),
            status=(status := next(statuses)),
            percent_complete=100 if status == Action.Status.COMPLETE else (n * 7) % 100,
            weight=1 + n % 3,
        )
        for n in range(ACTIONS)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            author=author,
            date=plan.start_date + datetime.timedelta(days=30 * u),
            narrative=f"Quarterly update {u}: sessions delivered as planned.",
            status=action.status,
            percent_complete=action.percent_complete,
        )
        for action in actions
        for u in range(UPDATES_PER_ACTION)
    )
    stdout.write(f"Action plans scale: +1 plan, +{ACTIONS} actions, +{ACTIONS * UPDATES_PER_ACTION} updates.")
