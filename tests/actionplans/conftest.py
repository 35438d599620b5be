import pytest

from .factories import ActionFactory, PlanFactory, PriorityFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def own_action(plan, partner_user):
    """An action led by partner_user's organisation."""
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation)


@pytest.fixture
def other_action(plan, other_partner_user):
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=other_partner_user.organisation)
