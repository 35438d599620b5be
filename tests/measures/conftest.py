import pytest

from actionplans.models import ActionPlan
from tests.actionplans.conftest import media, prepared_pdf  # noqa: F401
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory


@pytest.fixture
def plan(db):
    """This year's plan, approved: results and milestones done are progress; measures need a draft."""
    return PlanFactory()


@pytest.fixture
def draft(db):
    return PlanFactory(year_label="2031/32", status=ActionPlan.Status.DRAFT)


@pytest.fixture
def draft_action(draft):
    return ActionFactory(priority=PriorityFactory(plan=draft))


@pytest.fixture
def own_action(plan, partner_user):
    """An action of the approved plan led by partner_user's organisation."""
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation,
                         lead_officer=partner_user.person)  # fmt: skip
