"""What the plan page's table shows of each action."""

import pytest
from django.urls import reverse

from .factories import ActionFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def test_a_long_description_is_cut_to_140_characters_with_an_ellipsis(admin_client, plan):
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, description="Deliver WRAP training " + "x" * 200)
    ActionFactory(priority=priority, description="Short and whole")
    page = admin_client.get(reverse("actionplans:plan", args=[plan.pk])).content.decode()
    cut = ("Deliver WRAP training " + "x" * 200)[:139] + "…"
    assert f">{cut}</td>" in page
    assert ">Short and whole</td>" in page
