"""The plan page, its dashboard, the highlight report and the home page read a fixed number of queries whatever the
size of the plan: pinned at 12 actions and at 500 with 2,000 results and 1,000 milestones."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, Priority
from measures.models import Measure, Measurement, Milestone, Tracking
from tests.actionplans.test_dashboard_and_speed import _bulk_plan

pytestmark = pytest.mark.django_db


def _measure_everything(plan, author):
    """A measure with four results on each action, two milestones each (a third missed), every tenth a sub-action."""
    actions = list(Action.objects.filter(priority__plan=plan).order_by("pk"))
    today = timezone.localdate()
    measures = Measure.objects.bulk_create(
        Measure(action=a, title=f"Measure {n}", unit="%", baseline=Decimal(20), baseline_date=plan.start_date,
                target=Decimal(90), target_date=a.due_date, amber_at=Decimal(60), red_at=Decimal(40))
        for n, a in enumerate(actions)
    )  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(measure=m, period_start=plan.start_date + datetime.timedelta(days=30 * r),
                    period_end=plan.start_date + datetime.timedelta(days=30 * r + 29), value=Decimal(25 + 15 * r),
                    source="Records", recorded_by=author)
        for m in measures
        for r in range(4)
    )  # fmt: skip
    Milestone.objects.bulk_create(
        Milestone(action=a, title=f"Step {m}", due_date=min(a.due_date, today - datetime.timedelta(days=m)),
                  done_on=None if n % 3 == 0 else plan.start_date)
        for n, a in enumerate(actions)
        for m in range(2)
    )  # fmt: skip
    Tracking.objects.bulk_create(
        Tracking(action=a, entered_status=a.status, entered_percent=a.percent_complete,
                 parent=actions[n - 1] if n % 10 == 9 else None, reporting_period=1 + (n % 2) * 2)
        for n, a in enumerate(actions)
    )  # fmt: skip
    return len(actions)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _rebuild(plan, author, actions):
    Action.objects.all().delete()
    Priority.objects.all().delete()
    _bulk_plan(plan, author, actions=actions, updates_per_action=10 if actions > 100 else 2)
    return _measure_everything(plan, author)


# session, user, person, second-factor device; then the page's own reads
PINNED = {
    "actionplans:plan": 10,  # as before measures: the worked-out RAG is kept on the action
    "actionplans:dashboard": 13,  # +3: stale actions, milestones missed, measures off target
    "measures:highlight": 13,  # plan, PDF, red and amber actions, measures, milestones, stale, count
}


def test_plan_pages_take_a_fixed_number_of_queries_at_500_actions_with_2000_results_and_1000_milestones(
    admin_client, admin_user, plan
):
    """One build of each size for every page: building 500 actions is the slow part."""
    urls = {name: reverse(name, args=[plan.pk]) for name in PINNED}
    _rebuild(plan, admin_user, 12)
    small = {name: _count(admin_client, url) for name, url in urls.items()}
    small_home = _count(admin_client, "/")
    assert _rebuild(plan, admin_user, 500) == 500
    assert (Measurement.objects.count(), Milestone.objects.count()) == (2000, 1000)
    large = {name: _count(admin_client, url) for name, url in urls.items()}
    assert small == large == PINNED
    assert _count(admin_client, "/") == small_home


def test_an_actions_page_takes_a_fixed_number_of_queries_whatever_its_results(admin_client, admin_user, plan):
    _rebuild(plan, admin_user, 12)
    action = Action.objects.filter(tracking__parent__isnull=True).order_by("pk").first()
    url = reverse("actionplans:action", args=[action.pk])
    small = _count(admin_client, url)
    measure = action.measures.get()
    Measurement.objects.bulk_create(
        Measurement(measure=measure, period_start=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
                    period_end=datetime.date(2000, 1, 1) + datetime.timedelta(days=n), value=n, source="x",
                    recorded_by=admin_user)
        for n in range(200)
    )  # fmt: skip
    Milestone.objects.bulk_create(
        Milestone(action=action, title=f"Extra {n}", due_date=action.due_date) for n in range(50)
    )
    assert _count(admin_client, url) == small
