import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplans.models import Action
from assurance import services
from tests.actionplans.factories import PlanFactory

from .conftest import first

pytestmark = pytest.mark.django_db


def _rate(cycle, number, rating):
    assessment = first(cycle, number)
    services.assessment_save(assessment=assessment, rating=rating, narrative="Some of it.", confidence="medium")
    return first(cycle, number)


def test_a_gap_becomes_an_action_in_the_draft_plan_linked_both_ways(admin_client, cycle):
    plan = PlanFactory(year_label="2027/28", status="draft", title="Next year")
    gap = _rate(cycle, "6.2", "not_met")
    page = admin_client.get(reverse("assurance:gaps", args=[cycle.pk])).content.decode()
    assert "Create an improvement action" in page and "6.2" in page
    response = admin_client.post(reverse("assurance:gap_action", args=[cycle.pk, gap.pk]))
    action = Action.objects.get()
    assert response.url == reverse("actionplans:action", args=[action.pk])
    assert action.priority.plan == plan and action.priority.toolkit_area == "training"
    assert list(action.assurance_assessments.all()) == [gap]
    assert first(cycle, "6.2").improvement_action == action
    action_page = admin_client.get(response.url).content.decode()
    assert reverse("assurance:assessment", args=[cycle.pk, gap.pk]) in action_page


def test_without_a_draft_plan_the_gap_is_refused_with_a_reason(cycle, admin_user):
    gap = _rate(cycle, "6.2", "partly_met")
    with pytest.raises(ValidationError, match="no draft partnership plan"):
        services.gap_create_action(assessment=gap, by=admin_user)


def test_a_met_criterion_needs_no_action(cycle, admin_user):
    PlanFactory(year_label="2027/28", status="draft")
    met = _rate(cycle, "6.2", "met")
    with pytest.raises(ValidationError, match="Only a criterion rated partly met or not met"):
        services.gap_create_action(assessment=met, by=admin_user)
    assert not Action.objects.exists()


def test_a_gap_gets_one_action_only(cycle, admin_user):
    PlanFactory(year_label="2027/28", status="draft")
    gap = _rate(cycle, "6.2", "not_met")
    services.gap_create_action(assessment=gap, by=admin_user)
    with pytest.raises(ValidationError, match="already has an improvement action"):
        services.gap_create_action(assessment=first(cycle, "6.2"), by=admin_user)
    assert Action.objects.count() == 1
