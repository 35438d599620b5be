"""What the plan page's table shows of each action."""

import datetime

import pytest
from django.urls import reverse

from .factories import ActionFactory, PriorityFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def test_a_long_description_is_cut_to_140_characters_with_an_ellipsis(admin_client, plan):
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, description="Deliver WRAP training " + "x" * 200)
    ActionFactory(priority=priority, description="Short and whole")
    page = admin_client.get(reverse("actionplans:plan", args=[plan.pk])).content.decode()
    cut = ("Deliver WRAP training " + "x" * 200)[:139] + "…"
    assert f">{cut}</td>" in page
    assert ">Short and whole</td>" in page


def test_each_action_shows_its_due_date_and_latest_update(admin_client, plan, admin_user):
    priority = PriorityFactory(plan=plan)
    updated = ActionFactory(priority=priority, due_date=datetime.date(2027, 3, 31))
    ActionFactory(priority=priority, due_date=datetime.date(2027, 3, 31))
    UpdateFactory(action=updated, author=admin_user, date=datetime.date(2026, 5, 4))
    UpdateFactory(action=updated, author=admin_user, date=datetime.date(2026, 9, 7))
    page = admin_client.get(reverse("actionplans:plan", args=[plan.pk])).content.decode()
    assert page.count(">31 Mar 2027") == 2
    assert ">7 Sep 2026</td>" in page
    assert ">4 May 2026</td>" not in page
    assert ">None yet</td>" in page
