import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_plan_page_renders_for_an_admin(admin_client, own_action):
    plan = own_action.priority.plan
    for name, args in [
        ("actionplans:index", []),
        ("actionplans:plan", [plan.pk]),
        ("actionplans:dashboard", [plan.pk]),
        ("actionplans:action", [own_action.pk]),
        ("actionplans:action_update", [own_action.pk]),
        ("actionplans:returns", []),
        ("actionplans:board_reports", []),
        ("actionplans:board_report_create", []),
        ("actionplans:plan_create", []),
        ("actionplans:plan_reopen", [plan.pk]),
        ("actionplans:plan_publish", [plan.pk]),
        ("actionplans:public_summary", []),
    ]:
        response = admin_client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert admin_client.get("/").status_code == 200
