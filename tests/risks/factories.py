import datetime

import factory
from django.utils import timezone

from risks.models import Recommendation, RecommendationSource, Risk, RiskAssessment, Theme
from tests.factories import OrganisationFactory


def _year_start():
    today = timezone.localdate()
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """This year's assessment, a draft."""

    class Meta:
        model = RiskAssessment

    period_label = factory.LazyFunction(lambda: f"{_year_start().year}/{(_year_start().year + 1) % 100:02d}")
    period_start = factory.LazyFunction(_year_start)
    period_end = factory.LazyFunction(
        lambda: _year_start().replace(year=_year_start().year + 1) - datetime.timedelta(1)
    )


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    assessment = factory.SubFactory(AssessmentFactory)
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    title = factory.Sequence(lambda n: f"Young people drawn to extremist content {n}")
    # get_or_create: a test with transaction=True starts from an emptied database, without the migration's themes
    theme = factory.LazyFunction(
        lambda: Theme.objects.get_or_create(name="Online radicalisation", defaults={"kind": "online"})[0]
    )
    from_local_data = True
    owner_organisation = factory.SubFactory(OrganisationFactory)
    inherent_likelihood, inherent_impact, residual_likelihood, residual_impact = 4, 4, 3, 2
    controls = "Filtering and sessions in schools"
    review_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationSource
        django_get_or_create = ["name"]

    kind = RecommendationSource.Kind.CTLP
    name = "Counter Terrorism Local Profile 2026"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    source = factory.SubFactory(SourceFactory)
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    local_wording = "Online harms to young people"


def agree(assessment, meeting):
    from risks import services

    return services.assessment_agree(assessment=assessment, meeting=meeting)
