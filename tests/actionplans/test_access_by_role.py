import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan

from .factories import ActionFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def _update(**overrides):
    return {
        "date": "",
        "narrative": "Three sessions delivered.",
        "status": "on_track",
        "percent_complete": 50,
        **overrides,
    }


def test_anonymous_visitors_are_sent_to_sign_in_for_the_plan(client, own_action):
    plan = own_action.priority.plan
    for url in [
        reverse("actionplans:index"),
        reverse("actionplans:plan", args=[plan.pk]),
        reverse("actionplans:dashboard", args=[plan.pk]),
        reverse("actionplans:action", args=[own_action.pk]),
        reverse("actionplans:plan_csv", args=[plan.pk]),
        reverse("actionplans:plan_pdf", args=[plan.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_public_sees_only_the_summary_the_admin_published(client, own_action):
    plan = own_action.priority.plan
    assert "has not published" in client.get(reverse("actionplans:public_summary")).content.decode()
    plan.summary_published, plan.public_summary = True, "We focus on **training**."
    plan.save()
    page = client.get(reverse("actionplans:public_summary")).content.decode()
    assert "<strong>training</strong>" in page
    assert own_action.description not in page


def test_partners_see_the_whole_approved_plan_including_other_organisations_actions(
    partner_client, own_action, other_action
):
    page = partner_client.get(reverse("actionplans:plan", args=[own_action.priority.plan_id])).content.decode()
    assert own_action.description in page
    assert other_action.description in page
    assert partner_client.get(reverse("actionplans:action", args=[other_action.pk])).status_code == 200


def test_draft_plans_are_hidden_from_partners_but_not_admins(partner_client, admin_client):
    draft = PlanFactory(year_label="2030/31", status=ActionPlan.Status.DRAFT)
    action = ActionFactory(priority=PriorityFactory(plan=draft))
    assert partner_client.get(reverse("actionplans:plan", args=[draft.pk])).status_code == 404
    assert partner_client.get(reverse("actionplans:action", args=[action.pk])).status_code == 404
    assert "2030/31" not in partner_client.get(reverse("actionplans:index")).content.decode()
    assert admin_client.get(reverse("actionplans:plan", args=[draft.pk])).status_code == 200


def test_partner_of_the_lead_organisation_posts_an_update(partner_client, partner_user, own_action):
    response = partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]), _update(date="2026-01-01")
    )
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert (own_action.status, own_action.percent_complete) == ("on_track", 50)
    update = own_action.updates.get()
    assert update.author == partner_user
    timeline = partner_client.get(reverse("actionplans:action", args=[own_action.pk])).content.decode()
    assert "Three sessions delivered." in timeline


def test_partner_of_another_organisation_cannot_update_the_action(other_partner_client, own_action):
    url = reverse("actionplans:action_update", args=[own_action.pk])
    assert other_partner_client.get(url).status_code == 403
    response = other_partner_client.post(url, _update(date="2026-01-01", percent_complete=90))
    assert response.status_code == 403
    own_action.refresh_from_db()
    assert own_action.percent_complete == 40
    assert not own_action.updates.exists()
    page = other_partner_client.get(reverse("actionplans:action", args=[own_action.pk])).content.decode()
    assert "Give a progress update" not in page


def test_admins_may_update_any_action(admin_client, own_action):
    response = admin_client.post(reverse("actionplans:action_update", args=[own_action.pk]), _update(date="2026-01-01"))
    assert response.status_code == 302
    assert own_action.updates.count() == 1


@pytest.mark.parametrize(
    "name",
    ["plan_create", "returns", "board_reports", "board_report_create"],
)
def test_partners_cannot_reach_admin_pages(partner_client, name):
    assert partner_client.get(reverse(f"actionplans:{name}")).status_code == 403


def test_partners_cannot_build_or_approve_plans(partner_client, own_action):
    plan = own_action.priority.plan
    for url in [
        reverse("actionplans:plan_edit", args=[plan.pk]),
        reverse("actionplans:plan_approve", args=[plan.pk]),
        reverse("actionplans:plan_reopen", args=[plan.pk]),
        reverse("actionplans:plan_publish", args=[plan.pk]),
        reverse("actionplans:action_edit", args=[own_action.pk]),
        reverse("actionplans:priority_create", args=[plan.pk]),
    ]:
        assert partner_client.get(url).status_code == 403, url
        assert partner_client.post(url, {}).status_code == 403, url
    assert partner_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk])).status_code == 403
    assert ActionPlan.objects.count() == 1


def test_my_organisations_actions_lists_only_actions_the_partners_organisation_leads(
    partner_client, own_action, other_action
):
    page = partner_client.get(reverse("actionplans:my_actions")).content.decode()
    assert own_action.description in page
    assert other_action.description not in page


def test_home_panels_show_the_rag_summary_to_admins_and_own_actions_to_partners(
    admin_client, partner_client, own_action, other_action
):
    Action.objects.filter(pk=other_action.pk).update(due_date=own_action.start_date)
    admin_home = admin_client.get("/").content.decode()
    assert "Action plan" in admin_home
    assert "1 overdue" in admin_home
    partner_home = partner_client.get("/").content.decode()
    assert "leads 1 open action" in partner_home


def test_the_public_home_page_links_to_a_published_summary_only(client, plan):
    assert "Our action plan" not in client.get("/").content.decode()
    ActionPlan.objects.filter(pk=plan.pk).update(summary_published=True, public_summary="Summary")
    assert reverse("actionplans:public_summary") in client.get("/").content.decode()


def test_every_change_to_an_approved_plan_is_in_its_history(admin_client, partner_client, own_action, partner_user):
    from actionplans import services

    services.action_post_update(
        action=own_action, by=partner_user, narrative="Half way", status="at_risk", percent_complete=50
    )
    url = reverse("actionplans:plan_history", args=[own_action.priority.plan_id])
    assert partner_client.get(url).status_code == 403
    page = admin_client.get(url).content.decode()
    assert f"Action {own_action.reference}" in page
    assert "<strong>Percent complete</strong>: from 40 to 50" in page
    assert "<strong>Status</strong>: from On track to At risk" in page
