"""`make run`'s demo: measures on about a third of this year's actions, some off target, milestones missed, a
sub-action roll-up and a RAG set by hand, all worked out as the app does."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from measures.models import Measure, Measurement, Milestone, Tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_measures_about_a_third_of_this_years_actions_with_some_off_target(demo):
    today = timezone.localdate()
    this = ActionPlan.objects.get(status="approved", start_date__lte=today, end_date__gte=today)
    actions = Action.objects.filter(priority__plan=this)
    measured = actions.filter(measures__isnull=False).distinct()
    assert 8 <= measured.count() <= 12 and actions.count() == 30
    assert Measurement.objects.filter(measure__action__priority__plan=this).count() >= measured.count()
    red = measured.filter(status="off_track").values_list("reference", flat=True)
    amber = measured.filter(status="at_risk").values_list("reference", flat=True)
    assert len(red) >= 2 and len(amber) >= 2, (list(red), list(amber))
    assert Milestone.objects.filter(action__priority__plan=this).missed().count() >= 2
    assert Tracking.objects.filter(action__priority__plan=this, parent__isnull=False).count() == 2
    assert Tracking.objects.filter(action__priority__plan=this).exclude(override_status="").count() == 1
    assert Measure.objects.count() == 10  # loaded twice, made once


def test_every_measured_actions_status_is_as_the_app_works_it_out(demo):
    from measures import services

    for tracking in Tracking.objects.select_related("action"):
        standing = services.standing_of(tracking.action, tracking)
        assert (tracking.action.status, tracking.action.percent_complete) == (standing.status, standing.percent)
