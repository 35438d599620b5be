import pytest

from tests.actionplans.conftest import media, prepared_pdf  # noqa: F401
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.meetings.factories import MeetingFactory

from .factories import AssessmentFactory, RiskFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def assessment(db):
    return AssessmentFactory()


@pytest.fixture
def meeting(db):
    return MeetingFactory(past=True, title="Partnership board")


@pytest.fixture
def own_action(plan, partner_user):
    """An action of the approved plan led by partner_user's organisation."""
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation,
                         lead_officer=partner_user.person)  # fmt: skip


@pytest.fixture
def risk(assessment):
    return RiskFactory(assessment=assessment)
