import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from measures.models import Direction, Measure, Measurement, Milestone
from tests.actionplans.factories import ActionFactory
from tests.factories import UserFactory


class MeasureFactory(factory.django.DjangoModelFactory):
    """Higher is better: baseline 20, target 90; a result under 60 is amber, under 40 red."""

    class Meta:
        model = Measure

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Staff trained in Prevent {n}")
    unit = "%"
    direction = Direction.HIGHER
    baseline = Decimal(20)
    baseline_date = factory.LazyAttribute(lambda m: m.action.start_date)
    target = Decimal(90)
    target_date = factory.LazyAttribute(lambda m: m.action.due_date)
    amber_at = Decimal(60)
    red_at = Decimal(40)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    measure = factory.SubFactory(MeasureFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40))
    period_end = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    value = Decimal(70)
    source = "Training records"
    recorded_by = factory.SubFactory(UserFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyAttribute(lambda m: m.action.due_date)
