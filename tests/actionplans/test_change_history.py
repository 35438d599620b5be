"""The plan's change history reads the audit trail: who changed what, in words an admin reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan
from tests.factories import PersonFactory

from .factories import ActionFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_action():
    plan = PlanFactory(year_label="2031/32", status=ActionPlan.Status.DRAFT)
    return ActionFactory(priority=PriorityFactory(plan=plan, number=2), reference="2.3")


def _history(client, plan):
    response = client.get(reverse("actionplans:plan_history", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_shows_who_made_it_and_names_not_ids(admin_client, admin_user, draft_action):
    before = draft_action.lead_officer
    after = PersonFactory(organisation=draft_action.lead_organisation, name="Priya Raman")
    form = {
        "reference": "2.3",
        "description": draft_action.description,
        "lead_organisation": draft_action.lead_organisation_id,
        "lead_officer": after.pk,
        "start_date": draft_action.start_date.isoformat(),
        "due_date": "2032-01-31",
        "measure_of_success": "",
        "status": "at_risk",
        "percent_complete": draft_action.percent_complete,
        "weight": 1,
        "marking": "official",
        "version": draft_action.version,
    }
    response = admin_client.post(reverse("actionplans:action_edit", args=[draft_action.pk]), form)
    assert response.status_code == 302

    page = _history(admin_client, draft_action.priority.plan)
    assert f"<strong>Lead officer</strong>: from {before.name} to Priya Raman" in page
    assert "<strong>Status</strong>: from On track to At risk" in page
    assert "to 31 January 2032" in page
    assert str(admin_user) in page
    assert "Version" not in page


def test_priorities_and_actions_are_listed_with_the_plan_and_deleted_ones_stay(admin_client, draft_action):
    plan = draft_action.priority.plan
    ActionFactory(priority=PriorityFactory(plan=PlanFactory(year_label="2029/30")), reference="9.9")
    draft_action.delete()

    page = _history(admin_client, plan)
    assert "Action 2.3" in page
    assert "Deleted" in page
    assert f"Priority {draft_action.priority}" in page
    assert "Action 9.9" not in page  # another plan's


def test_the_history_page_costs_the_same_queries_for_few_or_many_changes(admin_client, draft_action):
    def change_lead_officer(times):
        for officer in PersonFactory.create_batch(times, organisation=draft_action.lead_organisation):
            draft_action.lead_officer = officer
            services.action_save(action=draft_action, expected_version=draft_action.version)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            _history(admin_client, draft_action.priority.plan)
        return len(captured)

    change_lead_officer(1)
    few = queries()
    change_lead_officer(5)
    assert queries() == few
