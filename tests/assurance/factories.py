import factory

from assurance.models import Area, Assessment, AssessmentCycle, Criterion, Framework


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = "Test toolkit"
    version = factory.Sequence(lambda n: f"t{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n % 8 + 1)
    title = factory.Sequence(lambda n: f"Area {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    area = factory.SubFactory(AreaFactory)
    number = factory.Sequence(lambda n: f"9.{n}")
    text = factory.Sequence(lambda n: f"Criterion text {n}")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentCycle

    year_label = "2026/27"
    framework = factory.LazyFunction(lambda: Framework.objects.get(is_current=True))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    cycle = factory.SubFactory(CycleFactory)
    criterion = factory.SubFactory(CriterionFactory)
