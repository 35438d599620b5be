import factory
from django.utils import timezone
from faker import Faker

from members.models import Organisation, Person, Sector, User

PASSWORD = "correct horse battery staple"
_faker = Faker("en_GB")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.SECONDARY_SCHOOL
    has_prevent_duty = factory.LazyAttribute(lambda o: o.sector in Sector.statutory())
    date_joined = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 2))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    role = User.Role.PARTNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    person = factory.RelatedFactory(
        "tests.factories.PersonFactory", factory_related_name="user", email=factory.SelfAttribute("..email")
    )

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # Faker's names, without apostrophes: tests compare names with pages, where "O'Neill" is escaped.
    name = factory.LazyFunction(lambda: _faker.name().replace("'", ""))
    job_title = "Safeguarding Lead"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Person.Role.REPRESENTATIVE
    status = Person.Status.ACTIVE
    term_start = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 1))
