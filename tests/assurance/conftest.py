import pytest

from assurance import services
from assurance.models import Assessment


@pytest.fixture
def cycle(db):
    """This year's draft against the shipped toolkit (loaded by the app's data migration)."""
    return services.cycle_start(year_label="2026/27")


def rate_all(cycle, rating="met"):
    for assessment in cycle.assessments.all():
        services.assessment_save(assessment=assessment, rating=rating, narrative="We do this well.", confidence="high")


@pytest.fixture
def rated_cycle(cycle):
    rate_all(cycle)
    return cycle


@pytest.fixture
def second_admin(db):
    from tests import factories

    return factories.UserFactory(role="admin", person__organisation__name="Northport City Council")


def first(cycle, number="1.1"):
    return Assessment.objects.select_related("cycle", "criterion").get(cycle=cycle, criterion__number=number)
