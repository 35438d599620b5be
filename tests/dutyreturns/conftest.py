import datetime

import pytest
from django.utils import timezone

from dutyreturns.models import ReturnPeriod, SectorQuestion, TrainingProduct


@pytest.fixture
def period(db):
    """A quarter that has ended, due last week."""
    today = timezone.localdate()
    return ReturnPeriod.objects.create(
        label="Last quarter",
        start=today - datetime.timedelta(days=100),
        end=today - datetime.timedelta(days=10),
        due=today - datetime.timedelta(days=3),
    )


@pytest.fixture
def future_period(db):
    today = timezone.localdate()
    return ReturnPeriod.objects.create(
        label="Next quarter",
        start=today + datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=100),
        due=today + datetime.timedelta(days=120),
    )


@pytest.fixture
def product(db):
    return TrainingProduct.objects.get(name="GOV.UK Prevent duty awareness")


@pytest.fixture
def referrals_question(db):
    """A count of people asked of secondary schools (the factories' default sector)."""
    return SectorQuestion.objects.get(sector="secondary_school", text="Prevent referrals made")
