import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import ActionPlan
from assurance.models import AssessmentCycle, Evidence
from members.models import User
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_has_last_years_signed_off_assessment_and_this_years_draft(demo):
    this, last = AssessmentCycle.objects.order_by("-year_label")
    assert last.status == "signed_off" and last.sign_offs.count() == 2
    assert {s.role_title for s in last.sign_offs.all()} == {
        "Chair of the Prevent Partnership",
        "Senior council lead for Prevent",
    }
    assert this.status == "draft"
    assert this.assessments.exclude(rating="").count() == 6
    assert this.assessments.filter(rating="").exists()
    assert Evidence.objects.filter(assessment__cycle=last, status="accepted").exists()
    assert Evidence.objects.filter(assessment__cycle=this, status="proposed").exists()


def test_in_the_demo_a_gap_becomes_an_improvement_action_in_next_years_draft_without_rolling_over(demo, client):
    this = AssessmentCycle.objects.order_by("-year_label").first()
    gap = this.assessments.filter(rating__in=["partly_met", "not_met"]).order_by("criterion__number").first()
    plans = set(ActionPlan.objects.values_list("pk", flat=True))
    signed_in_client(User.objects.get(email="admin@example.org"), client)
    response = client.post(reverse("assurance:gap_action", args=[this.pk, gap.pk]))
    gap.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("actionplans:action", args=[gap.improvement_action_id])
    plan = gap.improvement_action.priority.plan
    assert plan.status == "draft"
    assert plan.year_label[:4] == str(int(this.year_label[:4]) + 1)
    assert set(ActionPlan.objects.values_list("pk", flat=True)) == plans  # the demo's draft, not one made now
