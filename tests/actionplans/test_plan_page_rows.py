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


def test_a_long_plan_is_shown_a_hundred_actions_a_page_each_priority_where_it_falls(admin_client, plan):
    from actionplans.models import Action

    first, _empty, last = (PriorityFactory(plan=plan, number=n, title=f"Priority {n}") for n in (1, 2, 3))
    for n in range(60):
        ActionFactory(priority=first, reference=f"1.{n:02d}", description=f"First priority action {n:02d}")
    for n in range(45):
        ActionFactory(priority=last, reference=f"3.{n:02d}", description=f"Last priority action {n:02d}")
    assert Action.objects.filter(priority__plan=plan).count() == 105
    url = reverse("actionplans:plan", args=[plan.pk])
    one = admin_client.get(url).content.decode()
    assert "105 actions. Showing 1 to 100." in one
    assert one.count('<tr class="govuk-table__row">\n        <th scope="row"') == 100
    assert "First priority action 59" in one and "Last priority action 39" in one
    assert "Last priority action 40" not in one
    assert "Priority 2</h2>" in one  # no actions: shown after the first priority's, on the page they end on
    assert 'href="?page=2"' in one
    two = admin_client.get(url, {"page": 2}).content.decode()
    assert "Showing 101 to 105." in two and "Last priority action 44" in two
    assert "First priority action" not in two and "Priority 2</h2>" not in two
