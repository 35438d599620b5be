import datetime
import io

import pytest
from django.core.management import call_command

from actionplans.models import Action, ActionPlan, Priority, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_has_last_years_plan_and_this_years_with_every_status_and_next_years_draft(demo):
    last, this, next_year = ActionPlan.objects.order_by("start_date")
    assert last.status == this.status == "approved"
    assert next_year.status == "draft"
    assert next_year.start_date == this.end_date + datetime.timedelta(days=1)
    assert Action.objects.filter(priority__plan=next_year).exists()
    done = last.priorities.filter(actions__status="complete").count()
    assert done > Action.objects.filter(priority__plan=last).count() / 2
    actions = Action.objects.filter(priority__plan=this)
    assert actions.count() == 30
    assert this.priorities.count() == 6
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    assert actions.overdue().exists()
    assert actions.filter(origin__isnull=False).exists()
    assert ProgressUpdate.objects.filter(action__priority__plan=this).dates("date", "month").count() >= 3


def test_the_demo_has_one_ctlp_recommendation_with_no_action(demo):
    this = ActionPlan.objects.filter(status="approved").order_by("start_date").last()
    assert list(
        this.priorities.filter(source=Priority.Source.CTLP, actions__isnull=True).values_list(
            "ctlp_reference", flat=True
        )
    ) == ["R3"]


def test_the_demo_partners_lead_actions_at_their_organisations(demo):
    assert Action.objects.filter(
        lead_organisation__name="Northport College", lead_officer__email="partner@example.org"
    ).exists()
    assert Action.objects.filter(
        lead_organisation__name="Northport Teaching Hospitals NHS Trust", lead_officer__email="partner2@example.org"
    ).exists()
