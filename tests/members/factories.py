import datetime

import factory
from django.utils import timezone

from members.models import JoinRequest, LinkedBody, Sector, TermsOfReference
from tests.factories import OrganisationFactory, PersonFactory, UserFactory  # noqa: F401 - one place to import from


class LinkedBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkedBody

    name = factory.Sequence(lambda n: f"Safeguarding Board {n}")
    contact_name = "Board Manager"
    contact_email = factory.Sequence(lambda n: f"board{n}@example.org")


class TermsOfReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermsOfReference

    number = factory.Sequence(lambda n: n + 1)
    body = "## Membership\n\nThe partnership **will** include every agency with a statutory Prevent duty."
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    next_review = factory.LazyAttribute(lambda o: o.approved_on + datetime.timedelta(days=365))


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    kind = JoinRequest.Kind.ORGANISATION
    organisation_name = factory.Sequence(lambda n: f"Community Group {n}")
    sector = Sector.VOLUNTARY_COMMUNITY
    reason = "We want to help."
    consent = True
